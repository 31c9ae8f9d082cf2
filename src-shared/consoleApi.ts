/**
 * What the console's main process answers on its own, beside the backend's contract: the backend
 * choice, the status the page shows, files it saved and export jobs it runs.
 */
import Type, { type Static } from 'typebox';
import { Agent } from './api.js';
import { ManagedAgent } from './auditApi.js';
import { CONSOLE_LANGUAGES } from './consoleLanguages.js';
import { IncomingCount } from './intakeApi.js';

export { CONSOLE_LANGUAGES };

export const BackendChoice = Type.Union([
  Type.Object({ mode: Type.Literal('embedded') }, { additionalProperties: false }),
  Type.Object(
    { mode: Type.Literal('remote'), url: Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://' }) },
    { additionalProperties: false },
  ),
]);
export type BackendChoice = Static<typeof BackendChoice>;

/** The languages the console speaks (consoleLanguages.ts). */
export const ConsoleLanguage = Type.Enum(CONSOLE_LANGUAGES);
export type ConsoleLanguage = Static<typeof ConsoleLanguage>;

/** The agent's choice in Settings; null follows the computer's language. */
export const LanguageChoice = Type.Object({ language: Type.Union([ConsoleLanguage, Type.Null()]) }, { additionalProperties: false });
export type LanguageChoice = Static<typeof LanguageChoice>;

/** An error main reports in a status (why the backend is not there): its code, English sentence and values. */
export const ConsoleProblem = Type.Object({
  code: Type.String(),
  message: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});

export const AppStatus = Type.Object({
  mode: Type.Enum(['embedded', 'remote'] as const),
  /** Host of the backend, for display; the full URL and credentials stay in main. */
  backendLabel: Type.String(),
  backendReady: Type.Boolean(),
  backendError: Type.Union([ConsoleProblem, Type.Null()]),
  agent: Type.Union([Agent, Type.Null()]),
  /** Desktop notifications of new escalations and alerts (the agent's setting). */
  notifications: Type.Boolean(),
  /** The language chosen in Settings, or null to follow the computer's. */
  language: Type.Union([ConsoleLanguage, Type.Null()]),
  /**
   * The computer's language as main reads it from the system (the first of its preferred languages the
   * console speaks, else English): what the page, the menu and the notifications speak while `language` is null.
   */
  systemLanguage: ConsoleLanguage,
});
export type AppStatus = Static<typeof AppStatus>;

export const NotificationChoice = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });
export type NotificationChoice = Static<typeof NotificationChoice>;

/** What main last saw of the agent's work (deskEvents.ts LiveWork, as a schema for the IPC answer). */
export const LiveWorkSchema = Type.Object({
  connection: Type.Enum(['ok', 'lost'] as const),
  problem: Type.Union([ConsoleProblem, Type.Null()]),
  pendingEscalations: Type.Integer({ minimum: 0 }),
  alerts: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  myResets: Type.Array(
    Type.Object({
      ticketId: Type.String(),
      accountId: Type.String(),
      accountLogin: Type.String(),
      status: Type.Enum(['issued', 'email_sent', 'link_opened', 'signed_in', 'qr_shown', 'enrolled', 'expired', 'cancelled'] as const),
    }),
  ),
  incoming: Type.Union([IncomingCount, Type.Null()]),
});

/** A streamed export to a file the admin chose; the page polls it for progress. */
export const ExportJob = Type.Object({
  jobId: Type.String(),
  status: Type.Enum(['running', 'done', 'failed', 'cancelled'] as const),
  fileName: Type.String(),
  path: Type.String(),
  /** Lines written so far, and the total the server announced (null when unknown). */
  written: Type.Integer(),
  total: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});
export type ExportJob = Static<typeof ExportJob>;

export const SavedFile = Type.Object({ path: Type.String(), bytes: Type.Integer() });
export type SavedFile = Static<typeof SavedFile>;

/**
 * An agent's one-time password and authenticator key never reach the page: main writes them to a file
 * the admin chose, to hand over in person, and the page learns only where it went.
 */
export const SecretHandover = Type.Object({
  /** Null when the admin cancelled the save dialog: then nothing was created or reset. */
  agent: Type.Union([ManagedAgent, Type.Null()]),
  savedTo: Type.Union([Type.String(), Type.Null()]),
});
export type SecretHandover = Static<typeof SecretHandover>;

/**
 * The support mailboxes the embedded backend reads, as the console's Settings enter them. A URL may leave
 * out its password to keep the one main already holds for that mailbox (user, host, port and folder
 * unchanged); an empty caFile trusts the system's CAs, an empty ticketPattern is the default `[#1234]`.
 */
export const MailboxSetup = Type.Object(
  {
    mailboxes: Type.Array(Type.String({ minLength: 1, maxLength: 2048 }), { maxItems: 10 }),
    caFile: Type.String({ maxLength: 4096 }),
    processedFolder: Type.String({ maxLength: 500 }),
    ticketPattern: Type.String({ maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type MailboxSetup = Static<typeof MailboxSetup>;

/** What the Settings screen is shown of the mailboxes: never a password. */
export const MailboxSetupView = Type.Object({
  /** The mailbox URLs without their passwords (imaps://user@host:993/INBOX). */
  mailboxes: Type.Array(Type.String()),
  caFile: Type.String(),
  processedFolder: Type.String(),
  ticketPattern: Type.String(),
  /** How main keeps the passwords: encrypted by the system's keychain, or in a file only this user may read. */
  passwordStorage: Type.Enum(['keychain', 'file'] as const),
  /** False for a remote backend: its own configuration sets its mailboxes. */
  editable: Type.Boolean(),
});
export type MailboxSetupView = Static<typeof MailboxSetupView>;
