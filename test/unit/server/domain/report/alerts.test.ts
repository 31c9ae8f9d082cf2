import { describe, expect, it } from 'vitest';
import {
  agentSpikes,
  failuresAfterReset,
  OVERRIDE_ACTIONS,
  perAccount,
  type EventRef,
} from '../../../../../src-server/domain/report/alerts.js';

const now = new Date('2026-03-10T12:00:00Z');
let seq = 0;
const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
const event = (action: string, minutesAgo: number, over: Partial<EventRef> = {}): EventRef => ({
  seq: ++seq,
  at: at(minutesAgo),
  action,
  actorId: 'a1',
  actorLabel: 'a1@desk.test',
  accountId: 'acc',
  accountLogin: 'u@corp.example',
  ...over,
});

describe('agent spikes', () => {
  it('needs at least five in the hour from an agent with no history', () => {
    expect(
      agentSpikes(
        [1, 2, 3, 4].map((m) => event('mfa.disabled', m)),
        now,
      ),
    ).toEqual([]);
    const five = agentSpikes(
      [1, 2, 3, 4, 5].map((m) => event('mfa.disabled', m)),
      now,
    );
    expect(five).toHaveLength(1);
    expect(five[0]).toMatchObject({ kind: 'agent_action_spike', count: 5, severity: 'warning' });
  });

  it('measures against the agent’s own busy hours, and goes critical at twice the threshold', () => {
    const usual = [0, 1, 2].flatMap((d) =>
      [0, 1, 2, 3].map((k) => event('mfa.reset.started', 24 * 60 * (d + 1) + 10 + k, { actorId: 'busy' })),
    );
    expect(agentSpikes([...usual, ...[1, 2, 3, 4, 5, 6].map((m) => event('mfa.reset.started', m, { actorId: 'busy' }))], now)).toEqual([]);
    const storm = Array.from({ length: 24 }, (_, m) => event('mfa.reset.started', m + 1, { actorId: 'busy' }));
    expect(agentSpikes([...usual, ...storm], now)[0]).toMatchObject({ count: 24, severity: 'critical' });
  });

  it('counts disables and resets started, not cancellations, resends or checks', () => {
    expect(OVERRIDE_ACTIONS).toEqual(['mfa.disabled', 'mfa.disabled.by_escalation', 'mfa.reset.started']);
  });
});

describe('per-account alerts', () => {
  it('counts only inside the window', () => {
    const events = [event('user.mfa.replayed', 10), event('user.mfa.replayed', 20), event('user.mfa.replayed', 2000)];
    expect(perAccount(events, 'code_replays', at(24 * 60), 3)).toEqual([]);
    expect(perAccount(events, 'code_replays', at(3000), 3)[0]).toMatchObject({
      count: 3,
      subject: { type: 'account', id: 'acc' },
    });
  });

  it('flags failures after a reset, not before it', () => {
    const before = [event('user.login.failed', 300), event('user.login.failed', 299), event('user.login.failed', 298)];
    const reset = event('mfa.disabled', 200, { accountId: 'acc' });
    expect(failuresAfterReset([reset], before, at(7 * 24 * 60))).toEqual([]);
    const after = [event('user.mfa.failed', 100), event('user.login.failed', 90), event('user.mfa.replayed', 80)];
    const alert = failuresAfterReset([reset], [...before, ...after], at(7 * 24 * 60))[0]!;
    expect(alert).toMatchObject({ kind: 'failures_after_reset', count: 3, severity: 'critical' });
    expect(alert.evidence).toContain(reset.seq);
    // The English sentence comes from the table the console words it from (src-shared/alertSentences.ts).
    expect(alert.summary).toBe(`u@corp.example: 3 failed sign-ins since a1@desk.test disabled MFA at ${reset.at}.`);
  });
});
