/**
 * Alerts the big identity providers do not surface, computed from the audit log on demand:
 * - an agent whose disables and resets in the last hour far exceed their own normal (an insider, or a
 *   stolen agent session, working through accounts);
 * - repeated code replays or repeated lockouts on one account (someone holding a code or guessing);
 * - failed sign-ins on an account soon after support disabled or reset its MFA (the "user" who asked
 *   for it may not be the user).
 * Detection is pure functions over events, so each rule is unit-tested; the queries read one index range.
 */
import { ALERT_SENTENCES, alertSentence } from '../../../src-shared/alertSentences.js';
import type { Alert } from '../../../src-shared/auditApi.js';
import type { AuditAction } from '../../../src-shared/domain.js';
import type { Db } from '../../store/openStore.js';
import { addSeconds, iso } from '../platform/clock.js';
import { getOrInsert } from '../platform/maps.js';

const HOUR = 3600;
const DAY = 24 * HOUR;
export const RULES = {
  spike: { baselineDays: 30, minimum: 5, factor: 3 },
  replays: { windowSeconds: DAY, minimum: 3, critical: 10 },
  lockouts: { windowSeconds: 7 * DAY, minimum: 2 },
  afterReset: { windowSeconds: 7 * DAY, minimum: 3 },
} as const;

/** Support actions that take MFA away from an account, or hand it to a new phone. */
export const OVERRIDE_ACTIONS: readonly AuditAction[] = ['mfa.disabled', 'mfa.disabled.by_escalation', 'mfa.reset.started'];
const FAILURES: readonly AuditAction[] = ['user.login.failed', 'user.mfa.failed', 'user.mfa.replayed'];

export interface EventRef {
  seq: number;
  at: string;
  action: string;
  actorId: string | null;
  actorLabel: string;
  accountId: string | null;
  accountLogin: string | null;
}

const newestFirst = (events: EventRef[]) =>
  events
    .map((e) => e.seq)
    .sort((a, b) => b - a)
    .slice(0, 20);

function groupBy(events: EventRef[], key: (e: EventRef) => string | null): Map<string, EventRef[]> {
  const groups = new Map<string, EventRef[]>();
  for (const e of events) {
    const k = key(e);
    if (k !== null) getOrInsert(groups, k, () => []).push(e);
  }
  return groups;
}

/** The alert with its English sentence (the console words it in the agent's language from the same table). */
const worded = (alert: Omit<Alert, 'summary'>): Alert => ({
  ...alert,
  summary: alertSentence(alert, ALERT_SENTENCES.en, { number: String, dateTime: (at) => at }),
});

/**
 * Overrides per agent in the last hour against that agent's normal: the mean per hour over the hours
 * in which they did any in the baseline window. Alerts at `factor` times that, and never below `minimum`.
 */
export function agentSpikes(overrides: EventRef[], now: Date): Alert[] {
  const hourAgo = iso(addSeconds(now, -HOUR));
  const alerts: Alert[] = [];
  for (const [actorId, events] of groupBy(overrides, (e) => e.actorId)) {
    const recent = events.filter((e) => e.at > hourAgo);
    const [first] = recent;
    if (!first) continue;
    const earlier = events.filter((e) => e.at <= hourAgo);
    const activeHours = new Set(earlier.map((e) => e.at.slice(0, 13))).size;
    const normal = activeHours ? earlier.length / activeHours : 0;
    const threshold = Math.max(RULES.spike.minimum, Math.ceil(RULES.spike.factor * normal));
    if (recent.length < threshold) continue;
    const label = first.actorLabel;
    alerts.push(
      worded({
        id: `agent_action_spike:${actorId}`,
        kind: 'agent_action_spike',
        severity: recent.length >= 2 * threshold ? 'critical' : 'warning',
        subject: { type: 'agent', id: actorId, label },
        facts: { normalPerHour: Math.round(normal * 10) / 10 },
        count: recent.length,
        since: hourAgo,
        evidence: newestFirst(recent),
      }),
    );
  }
  return alerts;
}

/** Accounts with at least `minimum` events of one kind in the window. */
export function perAccount(
  events: EventRef[],
  kind: 'code_replays' | 'repeated_lockouts',
  since: string,
  minimum: number,
  critical = Infinity,
): Alert[] {
  const alerts: Alert[] = [];
  for (const [accountId, list] of groupBy(events, (e) => e.accountId)) {
    const inWindow = list.filter((e) => e.at >= since);
    const [first] = inWindow;
    if (!first || inWindow.length < minimum) continue;
    const label = first.accountLogin ?? accountId;
    alerts.push(
      worded({
        id: `${kind}:${accountId}`,
        kind,
        severity: inWindow.length >= critical ? 'critical' : 'warning',
        subject: { type: 'account', id: accountId, label },
        facts: {},
        count: inWindow.length,
        since,
        evidence: newestFirst(inWindow),
      }),
    );
  }
  return alerts;
}

/** Failed sign-ins on an account after its latest override in the window. */
export function failuresAfterReset(overrides: EventRef[], failures: EventRef[], since: string): Alert[] {
  const alerts: Alert[] = [];
  const failuresByAccount = groupBy(failures, (e) => e.accountId);
  for (const [accountId, list] of groupBy(
    overrides.filter((e) => e.at >= since),
    (e) => e.accountId,
  )) {
    const first = list.reduce((a, b) => (a.seq < b.seq ? a : b));
    const after = (failuresByAccount.get(accountId) ?? []).filter((f) => f.seq > first.seq);
    if (after.length < RULES.afterReset.minimum) continue;
    const label = first.accountLogin ?? accountId;
    alerts.push(
      worded({
        id: `failures_after_reset:${accountId}:${first.seq}`,
        kind: 'failures_after_reset',
        severity: 'critical',
        subject: { type: 'account', id: accountId, label },
        facts: { overrideBy: first.actorLabel, override: first.action === 'mfa.reset.started' ? 'reset' : 'disable' },
        count: after.length,
        since: first.at,
        evidence: newestFirst([first, ...after]),
      }),
    );
  }
  return alerts;
}

/** Events of the given actions since a time: one range of the audit_action_at index per action. */
async function eventsSince(db: Db, since: string, actions: readonly AuditAction[]): Promise<EventRef[]> {
  const rows = await db
    .selectFrom('auditEvents')
    .select(['seq', 'at', 'action', 'actorId', 'actorLabel', 'accountId', 'accountLogin'])
    .where('action', 'in', actions)
    .where('at', '>=', since)
    .orderBy('seq')
    .execute();
  return rows;
}

/** `GET /admin/v1/alerts`: every rule over its window, most severe first. */
export async function currentAlerts(db: Db, now: Date): Promise<Alert[]> {
  const ago = (seconds: number) => iso(addSeconds(now, -seconds));
  const overrides = await eventsSince(db, ago(RULES.spike.baselineDays * DAY), OVERRIDE_ACTIONS);
  const replaysSince = ago(RULES.replays.windowSeconds);
  const lockoutsSince = ago(RULES.lockouts.windowSeconds);
  const resetSince = ago(RULES.afterReset.windowSeconds);
  const alerts = [
    ...agentSpikes(overrides, now),
    ...perAccount(
      await eventsSince(db, replaysSince, ['user.mfa.replayed']),
      'code_replays',
      replaysSince,
      RULES.replays.minimum,
      RULES.replays.critical,
    ),
    ...perAccount(await eventsSince(db, lockoutsSince, ['user.mfa.locked']), 'repeated_lockouts', lockoutsSince, RULES.lockouts.minimum),
    ...failuresAfterReset(overrides, await eventsSince(db, resetSince, FAILURES), resetSince),
  ];
  const rank = (a: Alert) => (a.severity === 'critical' ? 0 : 1);
  return alerts.sort((a, b) => rank(a) - rank(b) || b.count - a.count);
}
