import { describe, expect, it } from 'vitest';
import { agentLanguage, MAIN_TEXTS, processLanguages } from '../../../../src-main/services/mainTexts';

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
    expect(de.newAlert.body.code_replays('anna@example.com', 3)).toBe(
      'anna@example.com: 3 bereits verwendete Codes wurden in den letzten 24 Stunden versucht.',
    );
  });
});
