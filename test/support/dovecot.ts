/**
 * A private Dovecot (Debian's `dovecot-imapd`) on loopback for tests: a free port, IMAP over TLS with a
 * self-signed certificate made for the run, one passwd-file user, Maildir storage in a temp folder, and
 * `/` as the folder separator, as most hosted mail servers use. It runs in the foreground as our child
 * and is stopped with the test. Under root (CI) its services run as Debian's `dovecot`/`dovenull` users,
 * since Dovecot refuses to serve logins as root; otherwise everything runs as the current user.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';

export interface StoredMessage {
  uid: number;
  messageId: string | null;
}

export interface TestDovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The PEM file of the certificate, to trust as a private CA. */
  caFile: string;
  /** `imaps://user:pass@127.0.0.1:port/INBOX`, with another password or port (a proxy) when given. */
  url(options?: { password?: string; port?: number }): string;
  /** Puts a message into a folder (INBOX by default) over IMAP APPEND, as a delivering server would. */
  append(raw: Buffer, folder?: string): Promise<void>;
  /** The messages in a folder, by UID; empty when the folder does not exist. */
  list(folder?: string): Promise<StoredMessage[]>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once something accepts connections on the port; rejects if Dovecot exits first. */
async function listening(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}): ${log()}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error(`dovecot did not listen on ${port}: ${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startDovecot(): Promise<TestDovecot> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mfa-desk-dovecot-'));
  const asRoot = process.getuid?.() === 0;
  const me = userInfo().username;
  const internalUser = asRoot ? 'dovecot' : me;
  const loginUser = asRoot ? 'dovenull' : me;
  // Dovecot's own users must reach the password file and the mail folder.
  chmodSync(dir, 0o755);
  const mail = path.join(dir, 'mail');
  mkdirSync(mail);
  mkdirSync(path.join(dir, 'state'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', internalUser]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', internalUser]).toString().trim());
    chownSync(mail, uid, gid);
  }
  const caFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      caFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  const user = 'support';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
  const port = await freePort();
  const mailOwner = asRoot ? 'dovecot' : me;
  writeFileSync(
    path.join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
default_internal_user = ${internalUser}
default_internal_group = ${asRoot ? 'dovecot' : userInfoGroup()}
default_login_user = ${loginUser}
first_valid_uid = 0
mail_location = maildir:${mail}/%u
# IDLE reports new mail within a second even where inotify is unavailable.
mailbox_idle_check_interval = 1 secs
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailOwner} gid=${asRoot ? 'dovecot' : userInfoGroup()} home=${mail}/%u
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = ${port}
    ssl = yes
  }
}
`,
  );
  const child = spawn(DOVECOT_BINARY, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const log = () => {
    try {
      return `${stderr}${readFileSync(path.join(dir, 'dovecot.log'), 'utf8')}`;
    } catch {
      return stderr;
    }
  };
  await listening(port, child, log);
  const ca = readFileSync(caFile);
  const client = () => new ImapFlow({ host: '127.0.0.1', port, secure: true, auth: { user, pass: password }, tls: { ca }, logger: false });

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    caFile,
    url: (options = {}) => `imaps://${user}:${encodeURIComponent(options.password ?? password)}@127.0.0.1:${options.port ?? port}/INBOX`,
    async append(raw, folder = 'INBOX') {
      const imap = client();
      await imap.connect();
      try {
        await imap.append(folder, raw);
      } finally {
        await imap.logout();
      }
    },
    async list(folder = 'INBOX') {
      const imap = client();
      await imap.connect();
      try {
        const exists = (await imap.list()).some((box) => box.path === folder);
        if (!exists) return [];
        const lock = await imap.getMailboxLock(folder, { readOnly: true });
        try {
          const found: StoredMessage[] = [];
          if (imap.mailbox && imap.mailbox.exists > 0) {
            for await (const message of imap.fetch('1:*', { uid: true, envelope: true }))
              found.push({ uid: message.uid, messageId: message.envelope?.messageId ?? null });
          }
          return found;
        } finally {
          lock.release();
        }
      } finally {
        await imap.logout();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function userInfoGroup(): string {
  return execFileSync('id', ['-gn']).toString().trim();
}
