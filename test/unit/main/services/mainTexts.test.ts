import { describe, expect, it } from 'vitest';
import type { AlertWording } from '../../../../src-shared/alertSentences';
import { agentLanguage, alertBody, MAIN_TEXTS, processLanguages } from '../../../../src-main/services/mainTexts';

const ANNA: AlertWording['subject'] = { type: 'account', id: 'a1', label: 'anna@example.com' };
const alert = (
  kind: AlertWording['kind'],
  subject: AlertWording['subject'],
  count: number,
  facts: AlertWording['facts'] = {},
): AlertWording => ({
  kind,
  subject,
  count,
  since: '2026-11-30T10:00:00.000Z',
  facts,
});

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
    expect(alertBody(alert('code_replays', ANNA, 3), 'de')).toBe(
      'anna@example.com: 3 bereits verwendete Codes wurden in den letzten 24 Stunden versucht.',
    );
  });

  it('say of a new alert what the Audit view says, with the facts the short form left out', () => {
    const spike = alert('agent_action_spike', { type: 'agent', id: 'g1', label: 'Bo Agent' }, 1200, { normalPerHour: 1.5 });
    expect(alertBody(spike, 'en')).toBe('Bo Agent disabled or reset MFA on 1,200 accounts in the last hour; their normal is 1.5 an hour.');
    expect(alertBody(spike, 'de')).toBe(
      'Bo Agent hat in der letzten Stunde MFA bei 1.200 Konten ausgeschaltet oder zurückgesetzt; üblich sind 1,5 pro Stunde.',
    );
    const afterDisable = alert('failures_after_reset', ANNA, 4, { override: 'disable', overrideBy: 'Bo Agent' });
    expect(alertBody(afterDisable, 'en')).toMatch(/^anna@example\.com: 4 failed sign-ins since Bo Agent disabled MFA at .*2026.*\.$/);
  });
});
