/**
 * SIGTERM under load, on the backend as deployed (its own process): the requests in flight when the
 * signal arrives all finish with their real answers, no request is cut off (reset, hang-up, 5xx other
 * than a clear 503 while closing), requests after it are refused at connect, and the process exits 0
 * having closed its database.
 *
 * One reset is not a failure: a request sent on a kept-alive connection that the server closed while it
 * was idle (Node marks the request `reusedSocket`). The server never read it, and HTTP clients and
 * nginx retry exactly that case (Node's documentation of request.reusedSocket says so); this test
 * retries it too.
 */
import { Agent } from 'node:http';
import axios, { isAxiosError } from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { dataDirWithAgents, startServerProcess, type ServerProcess } from '../../support/serverProcess.js';

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

type Outcome = { kind: 'answered'; status: number } | { kind: 'refused' } | { kind: 'unreceived' } | { kind: 'failed'; error: string };

/** A reset of a request written on a reused idle connection: the server closed it before reading anything. */
function sentOnIdleConnection(error: unknown): boolean {
  if (!isAxiosError(error) || error.code !== 'ECONNRESET') return false;
  const request: unknown = error.request;
  return typeof request === 'object' && request !== null && 'reusedSocket' in request && request.reusedSocket === true;
}

describe('graceful shutdown', () => {
  it('finishes every acknowledged request when SIGTERM arrives under load, then exits 0', async () => {
    const { dataDir } = await dataDirWithAgents([]);
    server = await startServerProcess(dataDir, []);
    const http = axios.create({
      baseURL: server.url,
      validateStatus: () => true,
      maxRedirects: 0,
      httpAgent: new Agent({ keepAlive: true, maxSockets: 16 }),
    });
    let counter = 0;
    // A sign-in attempt is the heaviest ordinary request: a password hash and an audited write.
    const request = async (): Promise<Outcome> => {
      counter++;
      const call =
        counter % 2 === 0
          ? http.post('/admin/v1/sessions', { email: `nobody${counter}@desk.test`, password: 'wrong password here', code: '000000' })
          : http.get('/readyz');
      try {
        return { kind: 'answered', status: (await call).status };
      } catch (error) {
        if (isAxiosError(error) && error.code === 'ECONNREFUSED') return { kind: 'refused' };
        if (sentOnIdleConnection(error)) return { kind: 'unreceived' };
        return { kind: 'failed', error: isAxiosError(error) ? `${error.code ?? ''} ${error.message}` : String(error) };
      }
    };
    const outcomes: Outcome[] = [];
    const inFlight = new Set<Promise<Outcome>>();
    let signalled = false;
    let inFlightAtSignal: Array<Promise<Outcome>> = [];
    const loop = async () => {
      for (;;) {
        const pending = request();
        inFlight.add(pending);
        const outcome = await pending;
        inFlight.delete(pending);
        outcomes.push(outcome);
        if (outcome.kind === 'unreceived') continue;
        if (outcome.kind !== 'answered' || (signalled && outcome.status === 503)) return;
      }
    };
    const loops = Array.from({ length: 16 }, loop);
    while (outcomes.length < 150) await new Promise((resolve) => setImmediate(resolve));
    signalled = true;
    inFlightAtSignal = [...inFlight];
    const exitCode = await server.signal('SIGTERM');
    await Promise.all(loops);

    expect(exitCode).toBe(0);
    expect(outcomes.filter((outcome) => outcome.kind === 'failed')).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.kind === 'answered' && outcome.status >= 500 && outcome.status !== 503)).toEqual([]);
    expect(inFlightAtSignal.length).toBeGreaterThan(0);
    const atSignal = await Promise.all(inFlightAtSignal);
    // Those already sent when the signal came: answered (a sign-in refused, readiness 200), none cut off.
    expect(atSignal.filter((outcome) => outcome.kind === 'failed')).toEqual([]);
    expect(atSignal.filter((outcome) => outcome.kind === 'answered').length).toBeGreaterThan(0);
  });
});
