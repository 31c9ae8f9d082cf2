/**
 * The console's connection against a real backend seeded with the demo organisation, standing in for
 * the embedded one (same data folder, same demo credentials file): it signs in as the demo admin when
 * the backend starts and never again behind the agent's back; and it refuses a remote backend over
 * plain http:// unless it is on this computer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeskConnection } from '../../../../src-main/services/deskConnection.js';
import { setupConsole } from '../../../../src-main/setupConsole.js';
import { SettingsStore } from '../../../../src-main/services/settingsStore.js';
import { demoAdminSession } from '../../../../src-server/cli/seedDemo.js';
import { startBackend, type TestBackend } from '../../../support/backend.js';

let backend: TestBackend;
const folders: string[] = [];

beforeAll(async () => {
  backend = await startBackend({ demo: true });
}, 60_000);
afterAll(() => backend?.close());
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function consoleFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-connection-'));
  folders.push(dir);
  return dir;
}

/** A connection whose "embedded backend" is the test backend; each starts in a fresh code step. */
function embeddedConnection(dir = consoleFolder()): DeskConnection {
  backend.clock.nextStep();
  return new DeskConnection({
    settings: new SettingsStore(dir),
    systemLanguage: 'en',
    // As the real embedded backend does with --bootstrap-session: the demo admin's first session, opened by the backend.
    startEmbedded: async () => ({
      url: backend.url,
      dataDir: backend.dir,
      bootstrapToken: (await demoAdminSession(backend.store.db, backend.clock.now())).token,
      stop: async () => {},
    }),
  });
}

/** Sign-ins the demo admin has ever made: every session row is one. */
async function demoAdminSessions(): Promise<number> {
  const db = backend.store.db;
  const admin = await db.selectFrom('agents').select('id').where('email', '=', 'admin@desk.example').executeTakeFirstOrThrow();
  const rows = await db.selectFrom('sessions').select('tokenHash').where('subjectId', '=', admin.id).execute();
  return rows.length;
}

const search = (connection: DeskConnection) => connection.call((client) => client.callOperation('accounts.search', { q: 'a' }));

describe('embedded mode signs in as the demo admin only when it starts the backend', () => {
  it('leaves the agent signed out after a sign-out, even when the page calls again', async () => {
    const connection = embeddedConnection();
    await connection.connect();
    expect(connection.status().agent?.email).toBe('admin@desk.example');
    await search(connection);
    const sessions = await demoAdminSessions();

    await connection.signOut();
    expect(connection.status().agent).toBeNull();
    await expect(search(connection)).rejects.toMatchObject({ code: 'signed_out' });
    await expect(search(connection)).rejects.toMatchObject({ code: 'signed_out' });
    expect(connection.status().agent).toBeNull();
    expect(await demoAdminSessions()).toBe(sessions);
  });

  it('signs the agent out when the backend says the session expired, without signing in again', async () => {
    const connection = embeddedConnection();
    await connection.connect();
    expect(connection.status().agent?.email).toBe('admin@desk.example');
    const sessions = await demoAdminSessions();

    backend.clock.advance(31 * 60); // past an agent session's idle timeout
    await expect(search(connection)).rejects.toMatchObject({ code: 'session_expired', message: expect.stringContaining('Sign in again') });
    expect(connection.status()).toMatchObject({ agent: null, backendReady: true });
    await expect(search(connection)).rejects.toMatchObject({ code: 'signed_out' });
    expect(await demoAdminSessions()).toBe(sessions);
  });
});

describe('a remote backend over plain http://', () => {
  it('is refused unless on this computer, and the refusal changes nothing', async () => {
    const dir = consoleFolder();
    const connection = embeddedConnection(dir);
    await connection.connect();

    await expect(connection.setBackend({ mode: 'remote', url: 'http://mfa.example.com' })).rejects.toMatchObject({
      code: 'insecure_backend',
      message: expect.stringContaining('must start with https://'),
    });
    expect(connection.status()).toMatchObject({ mode: 'embedded', backendReady: true, agent: { email: 'admin@desk.example' } });
    expect(new SettingsStore(dir).get()).toEqual({ backend: { mode: 'embedded' }, notifications: true, language: null });

    // The test backend listens on http://127.0.0.1:<port>: loopback, so plain http is allowed.
    const status = await connection.setBackend({ mode: 'remote', url: backend.url });
    expect(status).toMatchObject({ mode: 'remote', backendReady: true, backendError: null, agent: null });
  });

  it('is not connected to when written into the settings file by hand; the console says why', async () => {
    const dir = consoleFolder();
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ backend: { mode: 'remote', url: 'http://10.1.2.3:8787' } }));
    const connection = new DeskConnection({
      settings: new SettingsStore(dir),
      systemLanguage: 'en',
      startEmbedded: () => Promise.reject(new Error('not used')),
    });
    await connection.connect();
    expect(connection.status()).toMatchObject({ mode: 'remote', backendReady: false, agent: null });
    expect(connection.status().backendError).toMatchObject({
      code: 'insecure_backend',
      message: expect.stringContaining('must start with https://'),
    });
    await expect(search(connection)).rejects.toMatchObject({ code: 'backend_unavailable' });
  });
});

describe("the agent's language", () => {
  it('is saved, and main is told so that it rewords what it shows itself (the menu)', () => {
    const dir = consoleFolder();
    let told = 0;
    const connection = new DeskConnection({
      settings: new SettingsStore(dir),
      systemLanguage: 'en',
      startEmbedded: () => Promise.reject(new Error('not used')),
      onLanguageChange: () => told++,
    });
    expect(connection.setLanguage('de').language).toBe('de');
    expect(new SettingsStore(dir).get().language).toBe('de');
    expect(told).toBe(1);
  });

  it("tells the page the computer's language as main reads it, which the page speaks while none is chosen", async () => {
    const core = setupConsole({
      dataDir: consoleFolder(),
      embedded: { serverEntry: 'not started in this test' },
      chooseSavePath: async () => null,
      systemLanguages: () => ['fr-FR', 'de-AT', 'en-US'],
    });
    try {
      expect(core.connection.status()).toMatchObject({ language: null, systemLanguage: 'de' });
      expect(core.language()).toBe('de');
      expect(core.connection.setLanguage('en')).toMatchObject({ language: 'en', systemLanguage: 'de' });
      expect(core.language()).toBe('en');
    } finally {
      await core.stop();
    }
  });
});
