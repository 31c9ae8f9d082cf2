/**
 * Watches the agent's work on the backend so the page needs no Refresh button: escalations waiting
 * for a decision, open alerts, the agent's own re-enrolments with their step, and the Incoming queue's
 * open count with the age of its oldest request. Main looks every few
 * seconds while someone is signed in, tells the page whenever what it saw changes, and raises a desktop
 * notification for each escalation or alert that is new since the last look. A look that fails for the
 * network marks the connection lost, which the page shows with a Retry.
 */
import { roleAllows, type Permission } from '../../src-shared/domain.js';
import type { DeskEvent, LiveProblem, LiveReset, LiveWork } from '../../src-shared/deskEvents.js';
import type { ConsoleLanguage } from '../../src-shared/consoleApi.js';
import type { AlertWording } from '../../src-shared/alertSentences.js';
import { ConsoleError, unavailableProblem } from './consoleError.js';
import { alertBody, MAIN_TEXTS } from './mainTexts.js';
import type { DeskConnection } from './deskConnection.js';

/** A desktop notification: Electron's in the app, none (or a recorder in tests) elsewhere. */
export interface DeskNotice {
  title: string;
  body: string;
}

export interface LiveWorkDeps {
  connection: DeskConnection;
  publish(event: DeskEvent): void;
  notify(notice: DeskNotice): void;
  /** The agent's setting: desktop notifications on or off. */
  notificationsOn(): boolean;
  /** The language notifications are written in (the agent's). */
  language(): ConsoleLanguage;
  intervalMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/** Codes of a look that failed because the backend could not be reached, not because of the request. */
const CONNECTION_LOST = ['backend_unreachable', 'backend_timeout', 'backend_unavailable', 'backend_error'];

const EMPTY: LiveWork = { connection: 'ok', problem: null, pendingEscalations: 0, alerts: null, myResets: [], incoming: null };

export class LiveWorkWatch {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private looking: Promise<void> | null = null;
  private last: LiveWork | null = null;
  /** Escalations and alerts already seen by this agent: only new ones are notified. Null before the first look. */
  private seen: { agentId: string; escalations: Set<string>; alerts: Set<string> } | null = null;
  private stopped = true;

  constructor(private readonly deps: LiveWorkDeps) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Looks now (after a sign-in, a Retry, a page load) and re-sends what it sees even when unchanged. */
  async lookNow(): Promise<LiveWork> {
    this.last = null;
    await (this.looking ??= this.look().finally(() => (this.looking = null)));
    return this.lastWork();
  }

  /** What the last look showed (read through a call: the look awaited above sets it, which flow analysis cannot see). */
  private lastWork(): LiveWork {
    return this.last ?? EMPTY;
  }

  private schedule(delayMs: number) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.looking ??= this.look().finally(() => (this.looking = null));
      void this.looking.finally(() => this.schedule(this.deps.intervalMs ?? 5000));
    }, delayMs);
  }

  private async look(): Promise<void> {
    const { connection } = this.deps;
    const agent = connection.status().agent;
    if (!agent || agent.mustChangePassword) {
      this.seen = null;
      try {
        // Before anyone signs in, the connection state still matters: a sign-in form for a backend that is not there misleads.
        await connection.probe();
        this.show(EMPTY);
      } catch (error) {
        this.show(lost(unavailableProblem(error, 'The backend cannot be reached.')));
      }
      return;
    }
    const may = (permission: Permission) => roleAllows(agent.role, permission);
    try {
      const [escalations, alerts, resets, incoming] = await Promise.all([
        connection.call((client) => client.callOperation('escalations.list', { status: 'pending', limit: 200 })),
        may('alerts.read') ? connection.call((client) => client.callOperation('alerts.list', undefined)) : null,
        may('mfa.reset') ? connection.call((client) => client.callOperation('reset.mine', undefined)) : null,
        may('incoming.work') ? connection.call((client) => client.callOperation('incoming.count', undefined)) : null,
      ]);
      this.notifyNew(agent.id, may('escalations.decide'), escalations.items, alerts?.items ?? []);
      this.show({
        connection: 'ok',
        problem: null,
        pendingEscalations: escalations.items.length,
        alerts: alerts ? alerts.items.length : null,
        myResets: (resets?.items ?? []).map((t): LiveReset => ({
          ticketId: t.id,
          accountId: t.accountId,
          accountLogin: t.accountLogin,
          status: t.status,
        })),
        incoming,
      });
    } catch (error) {
      if (error instanceof ConsoleError && CONNECTION_LOST.includes(error.code)) this.show(lost(error.toIpcError()));
      else this.deps.log?.('Looking at the live work failed', error);
    }
  }

  private notifyNew(
    agentId: string,
    decides: boolean,
    escalations: { id: string; accountLogin: string }[],
    alerts: (AlertWording & { id: string })[],
  ) {
    const known = this.seen?.agentId === agentId ? this.seen : null;
    const first = known === null;
    const seen = known ?? { agentId, escalations: new Set<string>(), alerts: new Set<string>() };
    this.seen = seen;
    const freshEscalations = escalations.filter((e) => !seen.escalations.has(e.id));
    const freshAlerts = alerts.filter((a) => !seen.alerts.has(a.id));
    for (const e of freshEscalations) seen.escalations.add(e.id);
    for (const a of freshAlerts) seen.alerts.add(a.id);
    // What was there before the agent signed in is not news; only an admin can act on an escalation.
    if (first || !this.deps.notificationsOn()) return;
    const language = this.deps.language();
    const texts = MAIN_TEXTS[language];
    if (decides)
      for (const e of freshEscalations)
        this.deps.notify({ title: texts.newEscalation.title, body: texts.newEscalation.body(e.accountLogin) });
    for (const a of freshAlerts) this.deps.notify({ title: texts.newAlert.title, body: alertBody(a, language) });
  }

  private show(work: LiveWork) {
    if (this.last && JSON.stringify(this.last) === JSON.stringify(work)) return;
    this.last = work;
    this.deps.publish({ kind: 'liveWork', work });
  }
}

const lost = (problem: LiveProblem): LiveWork => ({ ...EMPTY, connection: 'lost', problem });
