/**
 * The generic backend call, against a real HTTP server on loopback that answers what each test
 * needs: the catalogue entry decides where each input field travels, and an answer that does not
 * match the route's schema becomes a console error the agent can read, never a crash or a bad value.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendClient } from '../../../../src-main/services/backendClient.js';
import { ConsoleError } from '../../../../src-main/services/consoleError.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const seen: Seen[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };
let server: Server;
let baseUrl: string;

const session = {
  token: 'a-token-long-enough-for-the-server',
  expiresAt: '2026-01-01T00:00:00.000Z',
  agent: { id: 'ag1', email: 'a@desk.test', displayName: 'A', role: 'admin', mustChangePassword: false },
};

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function signedIn(): Promise<BackendClient> {
  const client = new BackendClient(baseUrl);
  answer = { status: 201, body: session };
  await client.signIn({ email: 'a@desk.test', password: 'pw', code: '123456' });
  seen.length = 0;
  return client;
}

describe('the generic backend call', () => {
  it('puts each field where the catalogue says: path, Idempotency-Key header, body', async () => {
    const client = await signedIn();
    answer = { status: 200, body: { not: 'checked here' } };
    await client
      .callOperation('mfa.disable', {
        accountId: 'acc/1',
        idempotencyKey: 'key-12345',
        requestId: 'r1',
        reason: 'Lost phone',
        ticketRef: 'T-1',
      })
      .catch(() => undefined);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/admin/v1/accounts/acc%2F1/mfa/disable' });
    expect(seen[0]?.headers['idempotency-key']).toBe('key-12345');
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${session.token}`);
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ requestId: 'r1', reason: 'Lost phone', ticketRef: 'T-1' });
  });

  it('sends query fields as the query and nothing as a body on a GET', async () => {
    const client = await signedIn();
    answer = { status: 200, body: { items: [], nextCursor: null } };
    expect(await client.callOperation('accounts.search', { q: 'anna', limit: 5 })).toEqual({ items: [], nextCursor: null });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/admin/v1/accounts?q=anna&limit=5', body: '' });
  });

  it('turns an answer that does not match the route schema into a console error', async () => {
    const client = await signedIn();
    answer = { status: 200, body: { items: [{ id: 42 }], nextCursor: null } };
    const error: unknown = await client.callOperation('accounts.search', { q: 'anna' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect(error).toMatchObject({ code: 'backend_answer_invalid' });
  });

  it('passes the backend problem on, and forgets the session on a 401', async () => {
    const client = await signedIn();
    answer = {
      status: 401,
      body: { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'session_expired', detail: 'Sign in.' },
    };
    await expect(client.callOperation('reports.mfa', undefined)).rejects.toMatchObject({ code: 'session_expired', status: 401 });
    expect(client.hasSession()).toBe(false);
  });
});
