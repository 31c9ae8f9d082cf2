/** Handlers that write files: the streamed audit export, agents' sign-in secrets, a subject-access export. */
import { writeFile } from 'node:fs/promises';
import type { AgentTotpSetup } from '../../src-shared/auditApi.js';
import type { Static } from 'typebox';
import type { DeskConnection } from '../services/deskConnection.js';
import type { ExportJobs } from '../services/exportJobs.js';
import type { ChooseSavePath } from '../services/saveTarget.js';
import type { HandlerTable, LocalOperation } from './invoker.js';

type FileOperation = Exclude<LocalOperation, `app.${string}` | `settings.${string}` | `session.${string}`>;

export interface FileDeps {
  chooseSavePath: ChooseSavePath;
  jobs: ExportJobs;
  /** Opens a file's folder with the file selected (Electron's shell.showItemInFolder); absent where the shell cannot. */
  revealFile?: (file: string) => void;
}

const today = () => new Date().toISOString().slice(0, 10);
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A printable page for handing an agent their sign-in secrets in person; written 0600, never shown in the console. */
function handoverPage(email: string, totp: Static<typeof AgentTotpSetup>, oneTimePassword: string | null): string {
  return `<!doctype html><meta charset="utf-8"><title>MFA Desk sign-in for ${escapeHtml(email)}</title>
<h1>MFA Desk sign-in for ${escapeHtml(email)}</h1>
${oneTimePassword ? `<p>One-time password: <code>${escapeHtml(oneTimePassword)}</code></p>` : ''}
<p>Scan this QR code with Google Authenticator, or type the key: <code>${escapeHtml(totp.secretText)}</code> (time based).</p>
<img alt="QR code for the authenticator app" src="${totp.qrCodeDataUrl}">
<p>Destroy this page once the authenticator is set up.</p>\n`;
}

export function createFileHandlers(connection: DeskConnection, files: FileDeps): Pick<HandlerTable, FileOperation> {
  return {
    'audit.exportStart': async (query) => {
      const file = await files.chooseSavePath(`mfa-desk-audit-${today()}.${query.format}`);
      if (!file) return null;
      return files.jobs.start(file, (signal) => connection.call((c) => c.openStream('audit.exportStart', query, signal)));
    },
    'audit.exportProgress': ({ jobId }) => files.jobs.progress(jobId),
    'audit.exportCancel': ({ jobId }) => files.jobs.cancel(jobId),
    'audit.exportReveal': ({ jobId }) => {
      const file = files.jobs.finishedFile(jobId);
      if (!files.revealFile) return { shown: false };
      files.revealFile(file);
      return { shown: true };
    },
    'agents.invite': async (body) => {
      // Ask where the secrets go before creating anything, so cancelling the dialog loses nothing.
      const file = await files.chooseSavePath(`mfa-desk-invitation-${body.email}.html`);
      if (!file) return { agent: null, savedTo: null };
      const invited = await connection.call((c) => c.callOperation('agents.invite', body));
      await writeFile(file, handoverPage(invited.agent.email, invited.totp, invited.oneTimePassword), { mode: 0o600 });
      return { agent: invited.agent, savedTo: file };
    },
    'agents.resetMfa': async (input) => {
      const file = await files.chooseSavePath(`mfa-desk-authenticator-${input.id}.html`);
      if (!file) return { agent: null, savedTo: null };
      const done = await connection.call((c) => c.callOperation('agents.resetMfa', input));
      await writeFile(file, handoverPage(done.agent.email, done.totp, null), { mode: 0o600 });
      return { agent: done.agent, savedTo: file };
    },
    'subjectAccess.export': async (input) => {
      const file = await files.chooseSavePath(`mfa-desk-subject-access-${input.accountId}-${today()}.json`);
      if (!file) return null;
      const text = JSON.stringify(await connection.call((c) => c.callOperation('subjectAccess.export', input)), null, 2);
      await writeFile(file, text, { mode: 0o600 });
      return { path: file, bytes: Buffer.byteLength(text) };
    },
  };
}
