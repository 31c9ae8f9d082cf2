/** What the routes and plugins are given: derived once from the configuration, the store and the clock. */
import type { ServerConfig } from './config.js';
import type { Clock } from './domain/platform/clock.js';
import type { SecretBox } from './domain/credentials/secretBox.js';
import { createMessageCheckPool } from './domain/disable/messageCheck/checkPool.js';
import type { DisableDeps } from './domain/disable/disableMfa.js';
import { createSmtpMailer, type Mailer } from './domain/mail/notifications.js';
import type { EvidenceSettings } from './domain/disable/evidence.js';
import type { TicketDeps } from './domain/reset/tickets.js';
import { createLinkBase, type LinkBase } from './domain/mail/linkBase.js';
import { createPasswordCapacity, type PasswordCapacity } from './domain/credentials/passwordCapacity.js';
import type { Store } from './store/openStore.js';
import { createSearchGate, type SearchGate } from './domain/accounts/searchGate.js';
import { createAuditChainer, type AuditChainer } from './domain/audit/chaining.js';
import { createIntakeService, type IntakeService } from './domain/intake/intakeService.js';
import type { IncomingDeps } from './domain/intake/incoming.js';

export interface AppDeps {
  config: Pick<ServerConfig, 'issuer' | 'userPagesDir'>;
  store: Store;
  box: SecretBox;
  clock: Clock;
  evidence: EvidenceSettings;
  disable: DisableDeps;
  tickets: TicketDeps;
  clockCheckWindowMinutes: number;
  /** The base of links in e-mails: configuration only, never a request header. */
  links: LinkBase;
  /** Links recorded audit events into the chain, one step at a time in this instance. */
  auditChainer: AuditChainer;
  /** Admission to argon2: every sign-in path's password check goes through it. */
  passwords: PasswordCapacity;
  /** Turns for broad account searches, with a bounded line (searchGate.ts). */
  searches: SearchGate;
  /** The support mailboxes' readers (started when the app is ready, stopped when it closes). */
  intake: IntakeService;
  incoming: IncomingDeps;
}

export interface CoreDeps {
  config: ServerConfig;
  store: Store;
  box: SecretBox;
  clock: Clock;
  /** Override for tests: an SMTP test receiver (tests point DNS at their server with MFA_DESK_DNS_SERVERS). */
  mailer?: Mailer | null;
}

/** Derives everything the routes need from the configuration. */
export function appDeps({ config, store, box, clock, mailer }: CoreDeps): AppDeps {
  const evidence: EvidenceSettings = {
    messageChecks: createMessageCheckPool({ dnsServers: config.dnsServers, budgetMs: config.mailCheckBudgetMs }),
    trustedAuthservIds: config.trustedAuthservIds,
    supportAddresses: config.supportAddresses,
    requestMaxAgeDays: config.requestMaxAgeDays,
    requestValidityHours: config.requestValidityHours,
    rawMessageRetentionDays: config.rawMessageRetentionDays,
  };
  const smtp = mailer !== undefined ? mailer : config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom, box) : null;
  const now = () => clock.now();
  return {
    config,
    store,
    box,
    clock,
    evidence,
    disable: { db: store.db, mailer: smtp, settings: evidence, now },
    tickets: {
      db: store.db,
      mailer: smtp,
      now,
      lifetimeHours: config.enrollmentTicketHours,
      box,
      signals: store.signals,
      watchRecheckMs: config.ticketWatchRecheckSeconds * 1000,
    },
    clockCheckWindowMinutes: config.clockCheckWindowMinutes,
    links: createLinkBase(config.publicUrl),
    auditChainer: createAuditChainer(store.db),
    passwords: createPasswordCapacity(),
    searches: createSearchGate({ waiting: config.searchQueue }),
    intake: createIntakeService(
      config.mailboxes,
      { db: store.db, evidence, ticketPattern: config.ticketPattern, now },
      { ca: config.mailboxCa, processedFolder: config.processedFolder, pollSeconds: config.mailboxPollSeconds },
    ),
    incoming: { db: store.db, evidence, mailer: smtp, supportAddress: config.supportAddresses[0] ?? null, now },
  };
}
