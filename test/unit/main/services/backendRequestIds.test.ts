/** Every call the console makes carries its own request id, which the backend logs and echoes. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BackendClient } from '../../../../src-main/services/backendClient.js';

const ids: Array<string | string[] | undefined> = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    ids.push(request.headers['x-request-id']);
    request.resume().on('end', () => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          token: 'a-token-long-enough-for-the-server',
          expiresAt: '2026-01-01T00:00:00.000Z',
          agent: { id: 'ag1', email: 'a@desk.test', displayName: 'A', role: 'admin', mustChangePassword: false },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('sends a fresh x-request-id with each call, in the form the backend takes', async () => {
  const client = new BackendClient(baseUrl);
  for (let i = 0; i < 3; i++) await client.signIn({ email: 'a@desk.test', password: 'pw', code: '123456' });
  expect(ids).toHaveLength(3);
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  expect(new Set(ids).size).toBe(3);
});
