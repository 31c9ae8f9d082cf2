/**
 * The catalogue's audit area (beside operations.ts, as auditApi.ts is beside api.ts): the organisation
 * report, the audit log and its streamed export, alerts, one person's data, and agent management.
 */
import Type from 'typebox';
import { AuditEventPage, Id } from './api.js';
import {
  AgentInvited,
  AgentMfaReset,
  AgentMfaResetDone,
  AgentUpdate,
  AlertList,
  AuditExportQuery,
  AuditQuery,
  AuditVerification,
  GapPage,
  GapQuery,
  InviteAgent,
  ManagedAgent,
  ManagedAgentPage,
  MfaReport,
  SubjectAccessExport,
} from './auditApi.js';
import { ExportJob, SavedFile, SecretHandover } from './consoleApi.js';
import { closed, local, localRoute, route } from './operation.js';

const AUDIT = { tags: ['audit'], refusals: [400, 401, 403] };
const AGENTS = { tags: ['agents'], refusals: [400, 401, 403, 404, 409] };

export const AUDIT_OPERATIONS = {
  'reports.mfa': route({
    ...AUDIT,
    method: 'GET',
    path: '/admin/v1/reports/mfa',
    access: 'reports.read',
    summary: 'Organisation MFA report: states, departments, domains, locks, resets, support disables, agents, coverage over 90 days',
    response: MfaReport,
    refusals: [401, 403],
    timeoutMs: 120_000,
  }),
  'reports.gaps': route({
    ...AUDIT,
    method: 'GET',
    path: '/admin/v1/reports/mfa/gaps',
    access: 'reports.read',
    summary: 'The accounts behind a gap: without MFA, awaiting confirmation, locked, or with a reset link that expired unused',
    query: GapQuery,
    response: GapPage,
  }),
  'audit.list': route({
    ...AUDIT,
    method: 'GET',
    path: '/admin/v1/audit',
    access: 'audit.read',
    summary: 'The audit log, newest first; filter by actor id, account id, action and time',
    query: AuditQuery,
    response: AuditEventPage,
  }),
  'audit.verify': route({
    ...AUDIT,
    method: 'GET',
    path: '/admin/v1/audit/verify',
    access: 'audit.read',
    summary: 'Walk the hash chain: intact, or the first broken event',
    response: AuditVerification,
    // Walks the whole chain on the server: minutes for a very large log.
    timeoutMs: 30 * 60_000,
  }),
  'audit.exportStart': localRoute({
    ...AUDIT,
    method: 'GET',
    path: '/admin/v1/audit/export',
    access: 'audit.export',
    summary: 'Export the (filtered) audit log as CSV or JSON Lines, streamed, with the chain hashes',
    description:
      'Rows are in chain order; `details` is the JSON text the hash covers. `X-Audit-Event-Count` gives the number of events for a progress bar. Verify offline with `npm run verify-audit -- <file>` (add `--partial` for a filtered export).',
    query: AuditExportQuery,
    response: Type.String({ description: 'text/csv or application/x-ndjson' }),
    output: Type.Union([ExportJob, Type.Null()]),
  }),
  'audit.exportProgress': local(closed({ jobId: Id }), ExportJob),
  'audit.exportCancel': local(closed({ jobId: Id }), ExportJob),
  /** Opens the folder of a finished export with the file selected (only a file this console wrote); shown: false where the shell cannot. */
  'audit.exportReveal': local(closed({ jobId: Id }), Type.Object({ shown: Type.Boolean() })),
  'alerts.list': route({
    ...AUDIT,
    method: 'GET',
    path: '/admin/v1/alerts',
    access: 'alerts.read',
    summary: 'Alerts: an agent’s disables or resets far above their normal, repeated replays or lockouts, failed sign-ins after a reset',
    response: AlertList,
    refusals: [401, 403],
  }),
  'subjectAccess.export': localRoute({
    tags: ['accounts'],
    refusals: [400, 401, 403, 404],
    method: 'GET',
    path: '/admin/v1/accounts/:id/subject-access',
    access: 'subjectAccess.export',
    summary: 'Everything held about one person, for a data-subject access request (admin); no secrets or hashes',
    params: { accountId: Id },
    pathNames: { accountId: 'id' },
    response: SubjectAccessExport,
    output: Type.Union([SavedFile, Type.Null()]),
  }),

  // ── agent management ───────────────────────────────────────────────────────────────────────
  'agents.list': route({
    ...AGENTS,
    method: 'GET',
    path: '/admin/v1/agents',
    access: 'agents.manage',
    summary: 'The console’s agents (admin)',
    response: ManagedAgentPage,
  }),
  'agents.invite': localRoute({
    ...AGENTS,
    method: 'POST',
    path: '/admin/v1/agents',
    access: 'agents.manage',
    summary: 'Invite an agent: a one-time password and a TOTP QR code for them, shown once (admin)',
    body: InviteAgent,
    status: 201,
    response: AgentInvited,
    output: SecretHandover,
  }),
  'agents.update': route({
    ...AGENTS,
    method: 'PATCH',
    path: '/admin/v1/agents/:id',
    access: 'agents.manage',
    summary: 'Change an agent’s role, disable or re-enable them (admin, never yourself)',
    params: { id: Id },
    body: AgentUpdate,
    response: ManagedAgent,
  }),
  'agents.resetMfa': localRoute({
    ...AGENTS,
    method: 'POST',
    path: '/admin/v1/agents/:id/mfa/reset',
    access: 'agents.manage',
    summary: 'Reset an agent’s MFA: a new TOTP secret, every session ended (admin, never your own)',
    params: { id: Id },
    body: AgentMfaReset,
    response: AgentMfaResetDone,
    output: SecretHandover,
  }),
};
