/**
 * The organisation MFA report. Totals, departments, domains and the daily changes are counters kept by
 * triggers in the same transaction as each change (migration 0016, store/reportCounters.ts), so they cost
 * the same at any size; locks are counters per minute their lock ends in (lockedAccounts.ts); support actions
 * are grouped counts over index ranges (0003_audit_reporting).
 * The coverage series is derived from the factors' own confirmed/revoked times rather than a daily
 * snapshot table: it needs no scheduler, has history from the first day, and cannot drift from the data.
 */
import type { Breakdown, MfaReport, StateCounts } from '../../../src-shared/auditApi.js';
import { OPEN_TICKET_STATUSES } from '../../../src-shared/resetApi.js';
import type { Db } from '../../store/openStore.js';
import { addSeconds, iso } from '../platform/clock.js';
import { getOrInsert } from '../platform/maps.js';
import { intakeReport } from './intakeReport.js';
import { lockedAccounts } from './lockedAccounts.js';

const DAY = 86_400;
export const SERIES_DAYS = 90;
export const AGENT_ACTIONS_DAYS = 30;
export const SUPPORT_DISABLE_ACTIONS = ['mfa.disabled', 'mfa.disabled.by_escalation'] as const;
const RE_ENABLED = 'user.mfa.enrollment.confirmed';
/** An agent's own sign-ins are not support work. */
const NOT_SUPPORT_WORK = ['agent.login.succeeded', 'agent.login.failed', 'agent.login.locked', 'agent.logout'];

const num = (r: { n: number } | undefined) => r?.n ?? 0;
const emptyStates = (): StateCounts => ({ off: 0, pending: 0, on: 0, locked: 0 });
const stateKey = (s: string): keyof StateCounts => (s === 'on' || s === 'pending' || s === 'locked' ? s : 'off');
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

export interface StateRow {
  key: string;
  mfaState: string;
  n: number;
}

/**
 * Builds breakdowns from stored-state counts and the locked accounts among them: a locked account
 * moves from its stored state to `locked`, as support sees it; coverage counts stored `on`.
 */
export function breakdowns(stored: StateRow[], locked: StateRow[]): Breakdown[] {
  const byKey = new Map<string, { byState: StateCounts; on: number }>();
  const entry = (key: string) => getOrInsert(byKey, key, () => ({ byState: emptyStates(), on: 0 }));
  for (const r of stored) {
    const e = entry(r.key);
    e.byState[stateKey(r.mfaState)] += r.n;
    if (r.mfaState === 'on') e.on += r.n;
  }
  for (const r of locked) {
    const e = entry(r.key);
    e.byState[stateKey(r.mfaState)] -= r.n;
    e.byState.locked += r.n;
  }
  return [...byKey]
    .map(([key, e]) => {
      const accounts = e.byState.off + e.byState.pending + e.byState.on + e.byState.locked;
      return { key, accounts, byState: e.byState, coverage: share(e.on, accounts) };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

export interface DailyChanges {
  created: Map<string, number>;
  confirmed: Map<string, number>;
  /** Factors that had been confirmed and were revoked that day (a pending QR code revoked is no change). */
  revoked: Map<string, number>;
}

/**
 * Coverage at the end of each of the last `days` UTC days, walked back from today's exact counts:
 * going back past a day undoes that day's new accounts, confirmations and revocations. A factor's
 * confirmed-to-revoked interval never overlaps another of the same account, so factors count accounts.
 */
export function coverageSeries(
  now: Date,
  current: { accounts: number; mfaOn: number },
  changes: DailyChanges,
  days = SERIES_DAYS,
): MfaReport['coverageSeries'] {
  const series: MfaReport['coverageSeries'] = [];
  let { accounts, mfaOn } = current;
  for (let i = 0; i < days; i++) {
    const day = iso(addSeconds(now, -i * DAY)).slice(0, 10);
    series.push({ day, accounts, mfaOn, coverage: share(mfaOn, accounts) });
    accounts -= changes.created.get(day) ?? 0;
    mfaOn -= (changes.confirmed.get(day) ?? 0) - (changes.revoked.get(day) ?? 0);
  }
  return series.reverse();
}

/**
 * Per UTC day of the series: accounts created, factors confirmed, confirmed factors revoked — one read
 * of the counters kept beside every change (store/reportCounters.ts). Changes dated after the last day
 * (a clock ahead) count on it, as the walk back from today's totals expects.
 */
async function dailyChanges(db: Db, days: string[]): Promise<DailyChanges> {
  const changes: DailyChanges = { created: new Map(), confirmed: new Map(), revoked: new Map() };
  const last = days[days.length - 1] ?? '';
  const rows = await db
    .selectFrom('dailyMfaChanges')
    .selectAll()
    .where('day', '>=', days[0] ?? '')
    .execute();
  const add = (map: Map<string, number>, day: string, n: number) => map.set(day, (map.get(day) ?? 0) + n);
  for (const r of rows) {
    const day = r.day > last ? last : r.day;
    add(changes.created, day, r.created);
    add(changes.confirmed, day, r.confirmed);
    add(changes.revoked, day, r.revoked);
  }
  return changes;
}

/** Accounts by department, domain and stored state: the counters kept beside every change, not a scan. */
async function organisationCounts(db: Db) {
  return db.selectFrom('accountStateCounts').select(['department', 'domain', 'mfaState', 'n']).where('n', '<>', 0).execute();
}

/** Support disables in a window, and how many of them the user has since undone by enrolling again. */
async function supportDisables(db: Db, since: string): Promise<{ at: string; disabled: number; reEnabled: number }[]> {
  const disables = await db
    .selectFrom('auditEvents')
    .select(['seq', 'at', 'accountId'])
    .where('action', 'in', SUPPORT_DISABLE_ACTIONS)
    .where('at', '>=', since)
    .execute();
  const ids = [...new Set(disables.map((d) => d.accountId).filter((id): id is string => id !== null))];
  const lastConfirm = new Map<string, number>();
  // Chunks keep each IN list under SQLite's bound-parameter limit.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('auditEvents')
      .select(['accountId', (eb) => eb.fn.max('seq').as('seq')])
      .where('action', '=', RE_ENABLED)
      .where('accountId', 'in', ids.slice(i, i + 500))
      .groupBy('accountId')
      .execute();
    for (const r of rows) if (r.accountId) lastConfirm.set(r.accountId, r.seq);
  }
  return disables.map((d) => ({ at: d.at, disabled: 1, reEnabled: d.accountId && (lastConfirm.get(d.accountId) ?? 0) > d.seq ? 1 : 0 }));
}

async function resetCounts(db: Db, nowIso: string): Promise<MfaReport['resets']> {
  const open = await db
    .selectFrom('enrollmentTickets')
    .select([
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>(eb.case().when('expiresAt', '<=', nowIso).then(1).else(0).end()).as('late'),
    ])
    .where('status', 'in', OPEN_TICKET_STATUSES)
    .executeTakeFirst();
  // Expiry is never stored as a status: a ticket past its expiry keeps its last step (the API shows it as
  // expired on read), and a new reset cancels the account's open ticket, so the open ones past expiry are all.
  const late = open?.late ?? 0;
  return { pending: num(open) - late, overdue: late };
}

async function actionsPerAgent(db: Db, since: string): Promise<MfaReport['actionsPerAgent']> {
  const rows = await db
    .selectFrom('auditEvents')
    .select(['actorId', 'actorLabel', 'action', (eb) => eb.fn.countAll<number>().as('n')])
    .where('actorType', '=', 'agent')
    .where('at', '>=', since)
    .where('action', 'not in', NOT_SUPPORT_WORK)
    .groupBy(['actorId', 'actorLabel', 'action'])
    .execute();
  const byAgent = new Map<string, MfaReport['actionsPerAgent']['items'][number]>();
  for (const r of rows) {
    const key = r.actorId ?? r.actorLabel;
    const agent = getOrInsert(byAgent, key, () => ({ agentId: r.actorId, agentLabel: r.actorLabel, total: 0, byAction: {} }));
    agent.total += r.n;
    agent.byAction[r.action] = (agent.byAction[r.action] ?? 0) + r.n;
  }
  return { days: AGENT_ACTIONS_DAYS, items: [...byAgent.values()].sort((a, b) => b.total - a.total) };
}

export async function mfaReport(db: Db, now: Date): Promise<MfaReport> {
  const nowIso = iso(now);
  const ago = (days: number) => iso(addSeconds(now, -days * DAY));
  const days = Array.from({ length: SERIES_DAYS }, (_, i) => ago(SERIES_DAYS - 1 - i).slice(0, 10));
  const counts = await organisationCounts(db);
  const locked = await lockedAccounts(db, now);
  const keyed = (rows: typeof counts, key: (r: (typeof counts)[number]) => string) =>
    rows.map((r) => ({ key: key(r), mfaState: r.mfaState, n: r.n }));
  const byDepartment = breakdowns(
    keyed(counts, (r) => r.department),
    keyed(locked, (r) => r.department),
  );
  const byDomain = breakdowns(
    keyed(counts, (r) => r.domain),
    keyed(locked, (r) => r.domain),
  );
  const [total] = breakdowns(
    keyed(counts, () => ''),
    keyed(locked, () => ''),
  );
  const accounts = total?.accounts ?? 0;
  const byState = total?.byState ?? emptyStates();
  const mfaOn = counts.filter((r) => r.mfaState === 'on').reduce((sum, r) => sum + r.n, 0);

  const disables = await supportDisables(db, ago(30));
  const window = (since: string) =>
    disables
      .filter((d) => d.at >= since)
      .reduce((s, d) => ({ disabled: s.disabled + d.disabled, reEnabled: s.reEnabled + d.reEnabled }), { disabled: 0, reEnabled: 0 });
  const changes = await dailyChanges(db, days);
  return {
    generatedAt: nowIso,
    totals: {
      accounts,
      byState,
      shares: {
        off: share(byState.off, accounts),
        pending: share(byState.pending, accounts),
        on: share(byState.on, accounts),
        locked: share(byState.locked, accounts),
      },
      coverage: share(mfaOn, accounts),
    },
    byDepartment,
    byDomain,
    locked: byState.locked,
    resets: await resetCounts(db, nowIso),
    disabledBySupport: { last7Days: window(ago(7)), last30Days: window(ago(30)) },
    actionsPerAgent: await actionsPerAgent(db, ago(AGENT_ACTIONS_DAYS)),
    coverageSeries: coverageSeries(now, { accounts, mfaOn }, changes),
    intake: await intakeReport(db, days, now),
  };
}
