import { beforeAll, describe, expect, it } from 'vitest';
import { applyLanguage, loadArea } from '../../../../src-renderer/src/i18n';
import { describeDetails } from '../../../../src-renderer/src/lib/auditDetails.js';

// The console loads the language it shows before its first screen, and the Audit area's texts with the area; these tests read English.
beforeAll(async () => {
  await applyLanguage('en');
  await loadArea('audit');
});

describe('audit details in words', () => {
  it('names each field, words verdicts, states, steps and codes, and never shows raw JSON or an ISO date', () => {
    const lines = describeDetails({
      verdict: 'lookalike',
      failedChecks: ['confusable_characters', 'dkim_aligned'],
      previousState: 'on',
      lockedUntil: '9999-12-31T23:59:59.999Z',
      checkedAt: '2026-11-30T10:15:00.000Z',
      revokeOldNow: false,
      evidence: { status: 'qr_shown', channel: 'phone' },
      minutesTaken: 12,
    });
    const byLabel = Object.fromEntries(lines.map((line) => [line.label, line.value]));
    expect(byLabel['Verdict']).toBe('Look-alike address');
    expect(byLabel['Failed checks']).toBe('Confusable characters, DKIM signature of the login’s domain');
    expect(byLabel['MFA before']).toBe('On');
    expect(byLabel['Locked until']).toBe('Until the user enrols again');
    expect(byLabel['Old phone stopped at once']).toBe('No');
    expect(byLabel['Evidence']).toBe('Status: QR code shown, waiting for the code; Guided by: Phone call');
    expect(byLabel['Minutes taken']).toBe('12');
    const all = lines.map((line) => `${line.label} ${line.value}`).join('\n');
    expect(all).not.toMatch(/[{}"]|\d{4}-\d{2}-\d{2}T|_/);
  });
});
