import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import { appendAudit, REDACTED_DETAILS } from '../../../src-server/domain/audit/chain.js';
import { addSeconds } from '../../../src-server/domain/platform/clock.js';
import { runHousekeeping } from '../../../src-server/domain/platform/housekeeping.js';
import { startBackend, type TestBackend } from '../../support/backend.js';
import { startMailLab, type MailLab } from '../../support/mailFactory.js';
import { createUser } from '../../support/users.js';

let backend: TestBackend;
let lab: MailLab;
let admin: AxiosInstance;

beforeAll(async () => {
  lab = await startMailLab();
  backend = await startBackend({ env: { MFA_DESK_DNS_SERVERS: lab.servers.join(','), MFA_DESK_RAW_RETENTION_DAYS: '1' } });
  admin = await backend.agentHttp(await backend.createAgent('admin'));
});
afterAll(async () => {
  await backend?.close();
  await lab?.close();
});

const chores = (days: number) => ({ db: backend.store.db, mailer: null, now: () => backend.clock.now(), auditDetailsRetentionDays: days });

describe('retention', () => {
  it('keeps a raw request e-mail only for its retention, then only its hash and headers', async () => {
    const user = await createUser(backend, admin, 'kept@corp.example');
    const raw = await lab.sign(lab.message({ from: user.login }), 'corp.example');
    const checked = await admin.post(`/admin/v1/accounts/${user.id}/disable-requests`, raw, {
      headers: { 'content-type': 'message/rfc822' },
    });
    const stored = () =>
      backend.store.db.selectFrom('disableRequests').selectAll().where('id', '=', checked.data.id).executeTakeFirstOrThrow();
    expect(Buffer.from((await stored()).rawMessage!, 'base64').equals(raw)).toBe(true);
    backend.clock.advance(25 * 3600);
    expect((await runHousekeeping(chores(0))).rawMessagesPurged).toBe(1);
    const after = await stored();
    expect(after.rawMessage).toBeNull();
    expect(after.sha256).toBe(checked.data.sha256);
    expect(after.headerBlock).toContain('From:');
  });

  it('redacts audit details past their retention, and the chain still verifies', async () => {
    const old = addSeconds(backend.clock.now(), -400 * 86400);
    await appendAudit(
      backend.store.db,
      { actorType: 'system', actorId: null, actorLabel: 'test', action: 'account.imported', details: { file: 'people-2025.csv' } },
      old,
    );
    admin = await backend.agentHttp(await backend.createAgent('admin'));
    // The next housekeeping period: each job runs once a period (its lease).
    backend.clock.advance(60);
    const result = await runHousekeeping(chores(365));
    expect(result.detailsRedacted).toBeGreaterThanOrEqual(1);
    const redacted = await backend.store.db
      .selectFrom('auditEvents')
      .select(['details', 'at'])
      .where('at', '=', old.toISOString())
      .executeTakeFirstOrThrow();
    expect(redacted.details).toBe(REDACTED_DETAILS);
    const recent = await backend.store.db
      .selectFrom('auditEvents')
      .select('details')
      .where('action', '=', 'mfa.disable_request.checked')
      .executeTakeFirstOrThrow();
    expect(recent.details).not.toBe(REDACTED_DETAILS);
    const verify = await admin.get('/admin/v1/audit/verify');
    expect(verify.data).toMatchObject({ intact: true, firstBroken: null });
  });
});
