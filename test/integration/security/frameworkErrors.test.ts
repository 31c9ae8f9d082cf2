/**
 * Errors Fastify or Node raise before a route runs answer application/problem+json like every other
 * error (issue #8 §7): a client that sends a broken path, the wrong content type, too much, bad JSON
 * or bytes that are not HTTP at all gets a stable code, never a differently shaped body, and nothing
 * changes. Requests are sent with fetch and raw sockets, so the bytes are exactly the attacker's.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type TestBackend } from '../../support/backend.js';

let backend: TestBackend;
let bearer: string;

beforeAll(async () => {
  backend = await startBackend();
  const admin = await backend.agentHttp(await backend.createAgent('admin'));
  bearer = String(admin.defaults.headers['authorization']);
});
afterAll(() => backend?.close());

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body: unknown = await response.json();
  expect(body).toMatchObject({ status, code, type: `https://mfa-desk.dev/problems/${code}`, title: expect.any(String) });
  expect(body).toHaveProperty('detail');
}

function createAccount(body: string, contentType: string) {
  return fetch(`${backend.url}/admin/v1/accounts`, {
    method: 'POST',
    headers: { authorization: bearer, 'content-type': contentType },
    body,
  });
}

async function accountCount(): Promise<number> {
  const rows = await backend.store.db.selectFrom('accounts').select('id').execute();
  return rows.length;
}

/** Writes `request` on a fresh connection and returns everything the server answers before it closes. */
function rawExchange(request: string): Promise<string> {
  const { port } = new URL(backend.url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

function parseRawAnswer(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = new Map(
    headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as unknown };
}

describe('errors raised before any route answer problem+json', () => {
  it('a path whose percent-encoding does not decode: 400 bad_url', async () => {
    await expectProblem(await fetch(`${backend.url}/admin/v1/accounts/%E0%A4%A`, { headers: { authorization: bearer } }), 400, 'bad_url');
    await expectProblem(await fetch(`${backend.url}/admin/v1/%E0%A4%A`), 400, 'bad_url');
    await expectProblem(await fetch(`${backend.url}/v1/auth/login/%ZZ`, { method: 'POST' }), 400, 'bad_url');
  });

  it('a path parameter past the router limit: 414 url_too_long', async () => {
    await expectProblem(
      await fetch(`${backend.url}/admin/v1/accounts/${'a'.repeat(500)}`, { headers: { authorization: bearer } }),
      414,
      'url_too_long',
    );
  });

  it('a content type no route reads: 415 unsupported_media_type, nothing created', async () => {
    const before = await accountCount();
    await expectProblem(await createAccount('<account login="x@corp.example"/>', 'application/xml'), 415, 'unsupported_media_type');
    expect(await accountCount()).toBe(before);
  });

  it('a body past the size limit: 413 body_too_large, nothing created', async () => {
    const before = await accountCount();
    const body = JSON.stringify({ login: 'big@corp.example', displayName: 'x'.repeat(2 * 1024 * 1024), department: 'QA' });
    await expectProblem(await createAccount(body, 'application/json'), 413, 'body_too_large');
    expect(await accountCount()).toBe(before);
  });

  it('malformed or empty JSON: 400 invalid_json / empty_body, nothing created', async () => {
    const before = await accountCount();
    await expectProblem(await createAccount('{"login":', 'application/json'), 400, 'invalid_json');
    await expectProblem(await createAccount('{"login": "a@corp.example",}', 'application/json'), 400, 'invalid_json');
    await expectProblem(await createAccount('', 'application/json'), 400, 'empty_body');
    expect(await accountCount()).toBe(before);
  });

  it('bytes that are not HTTP: 400 malformed_request, and the connection is closed', async () => {
    const answer = parseRawAnswer(await rawExchange('GET /healthz HTTP/1.1\r\nHost: desk\r\nthis is no header\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 400, code: 'malformed_request' });
  });

  it('headers larger than the server accepts: 431 headers_too_large', async () => {
    const answer = parseRawAnswer(await rawExchange(`GET /healthz HTTP/1.1\r\nHost: desk\r\nX-Padding: ${'p'.repeat(20_000)}\r\n\r\n`));
    expect(answer.status).toBe(431);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 431, code: 'headers_too_large' });
  });

  it('answers a well-formed request on a raw connection as usual', async () => {
    const answer = await rawExchange('GET /healthz HTTP/1.1\r\nHost: desk\r\nConnection: close\r\n\r\n');
    expect(answer.startsWith('HTTP/1.1 200')).toBe(true);
  });
});
