import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxiosInstance } from 'axios';
import { eventHash } from '../../../src-server/domain/audit/chain.js';
import { startBackend, type TestBackend } from '../../support/backend.js';

const run = promisify(execFile);
let backend: TestBackend;
let auditor: AxiosInstance;

beforeAll(async () => {
  backend = await startBackend({ demo: true });
  auditor = await backend.agentHttp(backend.demo!.agents.find((a) => a.role === 'auditor')!);
});
afterAll(() => backend.close());

const allEvents = () => backend.store.db.selectFrom('auditEvents').selectAll().orderBy('seq').execute();

/** Runs the offline verifier the way an auditor would, as its own process. */
async function verifyOffline(file: string, ...flags: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run('npx', ['tsx', 'scripts/verify-audit-export.ts', file, ...flags], { cwd: process.cwd() });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

describe('the audit log', () => {
  it('pages through every event newest first, with reason, ticket and details', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await auditor.get('/admin/v1/audit', { params: { limit: 200, cursor } });
      expect(page.status).toBe(200);
      seen.push(...page.data.items.map((e: { seq: number }) => e.seq));
      expect(page.data.items[0]).toHaveProperty('reason');
      expect(page.data.items[0]).toHaveProperty('ticketRef');
      expect(typeof page.data.items[0].details).toBe('object');
      cursor = page.data.nextCursor ?? undefined;
    } while (cursor);
    const stored = (await allEvents()).map((e) => Number(e.seq));
    expect(seen).toEqual([...stored].reverse());
  });

  it('filters by actor, account, action and time, as a brute-force filter of the table does', async () => {
    const events = await allEvents();
    const locked = events.find((e) => e.action === 'user.mfa.locked')!;
    const mid = events[Math.floor(events.length / 2)]!.at;
    const cases: [Record<string, string>, (e: (typeof events)[number]) => boolean][] = [
      [{ action: 'user.mfa.locked' }, (e) => e.action === 'user.mfa.locked'],
      [{ account: locked.accountId! }, (e) => e.accountId === locked.accountId],
      [{ actor: locked.actorId! }, (e) => e.actorId === locked.actorId],
      [{ from: mid, action: 'user.mfa.enrollment.confirmed' }, (e) => e.at >= mid && e.action === 'user.mfa.enrollment.confirmed'],
      [{ to: mid, account: locked.accountId! }, (e) => e.at <= mid && e.accountId === locked.accountId],
    ];
    for (const [params, keep] of cases) {
      const res = await auditor.get('/admin/v1/audit', { params: { ...params, limit: 500 } });
      expect(res.status).toBe(200);
      expect(res.data.items.map((e: { seq: number }) => e.seq)).toEqual(
        events
          .filter(keep)
          .map((e) => Number(e.seq))
          .reverse(),
      );
    }
  });

  it.each([
    ['a cursor that is not one', { cursor: '***' }],
    ['a cursor that is not a number', { cursor: Buffer.from('abc').toString('base64url') }],
    ['"from" after "to"', { from: '2030-01-01T00:00:00Z', to: '2020-01-01T00:00:00Z' }],
    ['a time that is not a time', { from: 'yesterday' }],
    ['a limit of zero', { limit: 0 }],
  ])('answers %s with a 400 problem', async (_name, params) => {
    const res = await auditor.get('/admin/v1/audit', { params });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('chain verification', () => {
  it('reports an untouched log intact, with every event checked', async () => {
    const res = await auditor.get('/admin/v1/audit/verify');
    expect(res.status).toBe(200);
    const events = await allEvents();
    expect(res.data).toMatchObject({ intact: true, firstBroken: null, headHash: events[events.length - 1]!.hash });
    expect(res.data.checked).toBe(events.length);
  });

  it('names the first event changed in the database, and the next one when its hash was forged too', async () => {
    const events = await allEvents();
    const victim = events[Math.floor(events.length / 3)]!;
    const later = events[Math.floor(events.length / 2)]!;
    const db = backend.store.db;
    try {
      await db.updateTable('auditEvents').set({ details: '{"failedAttempts":0}' }).where('seq', '=', later.seq).execute();
      await db.updateTable('auditEvents').set({ reason: 'nothing to see here' }).where('seq', '=', victim.seq).execute();
      const broken = await auditor.get('/admin/v1/audit/verify');
      expect(broken.data).toMatchObject({ intact: false, firstBroken: { seq: Number(victim.seq), reason: 'content_changed' } });

      // A forger who also rewrites the hash only moves the break to the next event.
      const { seq: _s, hash: _h, ...content } = { ...victim, reason: 'nothing to see here' };
      await db
        .updateTable('auditEvents')
        .set({ hash: eventHash(content) })
        .where('seq', '=', victim.seq)
        .execute();
      const forged = await auditor.get('/admin/v1/audit/verify');
      expect(forged.data.firstBroken).toEqual({ seq: Number(victim.seq) + 1, reason: 'chain_broken' });
    } finally {
      await db.updateTable('auditEvents').set({ reason: victim.reason, hash: victim.hash }).where('seq', '=', victim.seq).execute();
      await db.updateTable('auditEvents').set({ details: later.details }).where('seq', '=', later.seq).execute();
    }
    expect((await auditor.get('/admin/v1/audit/verify')).data.intact).toBe(true);
  });
});

describe('export', () => {
  it.each(['csv', 'jsonl'] as const)(
    'streams the whole log as %s, which verifies offline, and a tampered line is caught',
    async (format) => {
      const res = await auditor.get('/admin/v1/audit/export', { params: { format }, responseType: 'text' });
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(new RegExp(`attachment; filename="mfa-desk-audit-.*\\.${format}"`));
      // The export records itself after fixing its last event, so it holds everything before that record.
      const events = await allEvents();
      expect(events[events.length - 1]!.action).toBe('audit.exported');
      const exported = events.slice(0, -1);
      expect(Number(res.headers['x-audit-event-count'])).toBe(exported.length);
      const lines = (res.data as string).split(/\r?\n/).filter(Boolean);
      expect(lines.length).toBe(exported.length + (format === 'csv' ? 1 : 0));

      const file = path.join(backend.dir, `whole.${format}`);
      writeFileSync(file, res.data as string);
      const intact = await verifyOffline(file);
      expect(intact.out).toContain(`intact: ${exported.length} events`);
      expect(intact.code).toBe(0);

      const victim = exported[Math.floor(exported.length / 2)]!;
      const text = readFileSync(file, 'utf8');
      const tampered = text.replace(
        format === 'csv' ? `\r\n${victim.seq},"${victim.at}"` : `{"seq":${victim.seq},"at":"${victim.at}"`,
        (m) => m.replace(victim.at.slice(0, 4), String(Number(victim.at.slice(0, 4)) - 1)),
      );
      expect(tampered).not.toBe(text);
      writeFileSync(file, tampered);
      const caught = await verifyOffline(file);
      expect(caught.code).toBe(1);
      expect(caught.out).toContain(`BROKEN at seq ${victim.seq}`);

      // A line removed from the middle breaks the link of the one after it.
      const rows = text.split(format === 'csv' ? '\r\n' : '\n');
      rows.splice(
        rows.findIndex((r) => r.startsWith(format === 'csv' ? `${victim.seq},` : `{"seq":${victim.seq},`)),
        1,
      );
      writeFileSync(file, rows.join(format === 'csv' ? '\r\n' : '\n'));
      const gap = await verifyOffline(file);
      expect(gap.code).toBe(1);
      expect(gap.out).toContain(`BROKEN at seq ${Number(victim.seq) + 1}`);
    },
  );

  it('exports a filtered slice that verifies as partial, and records who exported what', async () => {
    const account = (await allEvents()).find((e) => e.action === 'user.mfa.locked')!.accountId!;
    const res = await auditor.get('/admin/v1/audit/export', { params: { format: 'jsonl', account }, responseType: 'text' });
    const lines = (res.data as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { accountId: string });
    expect(lines.every((l) => l.accountId === account)).toBe(true);
    const file = path.join(backend.dir, 'slice.jsonl');
    writeFileSync(file, res.data as string);
    expect((await verifyOffline(file, '--partial')).code).toBe(0);
    const log = await auditor.get('/admin/v1/audit', { params: { action: 'audit.exported', limit: 1 } });
    expect(log.data.items[0].details).toMatchObject({ format: 'jsonl', filter: { account }, events: lines.length });
  });

  it('refuses an unknown format and an agent', async () => {
    expect((await auditor.get('/admin/v1/audit/export', { params: { format: 'xml' } })).status).toBe(400);
    const agent = await backend.agentHttp(backend.demo!.agents.find((a) => a.role === 'agent')!);
    expect((await agent.get('/admin/v1/audit/export', { params: { format: 'csv' } })).status).toBe(403);
  });
});
