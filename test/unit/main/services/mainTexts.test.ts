import { describe, expect, it } from 'vitest';
import { agentLanguage, alertBody, MAIN_TEXTS, processLanguages } from '../../../../src-main/services/mainTexts';

describe("main's own sentences", () => {
  it('are in the language chosen in Settings, else the computer’s, else English', () => {
    expect(agentLanguage('de', ['en-US'])).toBe('de');
    expect(agentLanguage(null, ['fr-FR', 'de-AT'])).toBe('de');
    expect(agentLanguage(null, ['de_DE.UTF-8'])).toBe('de');
    expect(agentLanguage(null, ['fr-FR'])).toBe('en');
  });

  it('read the computer’s language from the process locale where no Electron asks the system', () => {
    expect(agentLanguage(null, processLanguages({ LANG: 'de_DE.UTF-8' }))).toBe('de');
    expect(processLanguages({ LANG: 'C' })).not.toContain('C');
  });

  it('word the desktop notifications in German', () => {
    const de = MAIN_TEXTS.de;
    expect(de.newEscalation.title).toBe('Neue Eskalation');
    expect(de.newEscalation.body('anna@example.com')).toBe('Eine Deaktivierungsanfrage für anna@example.com wartet auf Ihre Entscheidung.');
    const subject = { type: 'account' as const, id: 'a1', label: 'anna@example.com' };
    expect(alertBody({ kind: 'code_replays', subject, count: 3, since: '2026-11-30T10:00:00.000Z', facts: {} }, 'de')).toBe(
      'anna@example.com: 3 bereits verwendete Codes wurden in den letzten 24 Stunden versucht.',
    );
  });

  it('say of a new alert what the Audit view says, with the facts the short form left out', () => {
    const agent = { type: 'agent' as const, id: 'g1', label: 'Bo Agent' };
    const spike = {
      kind: 'agent_action_spike' as const,
      subject: agent,
      count: 1200,
      since: '2026-11-30T10:00:00.000Z',
      facts: { normalPerHour: 1.5 },
    };
    expect(alertBody(spike, 'en')).toBe('Bo Agent disabled or reset MFA on 1,200 accounts in the last hour; their normal is 1.5 an hour.');
    expect(alertBody(spike, 'de')).toBe(
      'Bo Agent hat in der letzten Stunde MFA bei 1.200 Konten ausgeschaltet oder zurückgesetzt; üblich sind 1,5 pro Stunde.',
    );
    const account = { type: 'account' as const, id: 'a1', label: 'anna@example.com' };
    const afterDisable = {
      kind: 'failures_after_reset' as const,
      subject: account,
      count: 4,
      since: '2026-11-30T10:00:00.000Z',
      facts: { override: 'disable' as const, overrideBy: 'Bo Agent' },
    };
    expect(alertBody(afterDisable, 'en')).toMatch(/^anna@example\.com: 4 failed sign-ins since Bo Agent disabled MFA at .*2026.*\.$/);
  });
});
