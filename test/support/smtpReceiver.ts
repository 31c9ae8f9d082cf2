/** A real SMTP server on loopback that keeps what it receives, parsed, for tests to read. */
import type { AddressInfo } from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';

/** What the sending server said in MAIL FROM and RCPT TO: where the message really went. */
export interface SmtpEnvelope {
  mailFrom: string;
  rcptTo: string[];
}

export interface SmtpReceiver {
  url: string;
  messages: Email[];
  /** The envelope of each message, in the same order as `messages`. */
  envelopes: SmtpEnvelope[];
  /** Waits until a message to `to` arrives (or fails after `timeoutMs`). */
  waitFor(to: string, timeoutMs?: number): Promise<Email>;
  /** Waits until `count` received messages match (woken by each arrival), and returns them in order. */
  waitForMessages(matches: (email: Email) => boolean, count?: number, timeoutMs?: number): Promise<Email[]>;
  /** Recipients the sending server named (RCPT TO), counted also when the receiver refused them. */
  rcptAttempts: string[];
  close(): Promise<void>;
}

/** `port` 0 picks a free one; a fixed port lets a test bring SMTP up where a backend already points. */
/** With `refuse`, every recipient is refused with that permanent error, as a server for an unknown mailbox does. */
export async function startSmtpReceiver(port = 0, options: { refuse?: string } = {}): Promise<SmtpReceiver> {
  const messages: Email[] = [];
  const envelopes: SmtpEnvelope[] = [];
  const rcptAttempts: string[] = [];
  const arrivalListeners = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      rcptAttempts.push(address.address);
      if (!options.refuse) return callback();
      callback(Object.assign(new Error(options.refuse), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      const envelope = {
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
      };
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        PostalMime.parse(Buffer.concat(chunks)).then(
          (email) => {
            envelopes.push(envelope);
            messages.push(email);
            for (const listener of arrivalListeners) listener();
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  const waitForMessages: SmtpReceiver['waitForMessages'] = (matches, count = 1, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = messages.filter(matches);
        if (found.length < count) return;
        stop();
        resolve(found);
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`fewer than ${count} matching e-mails arrived in ${timeoutMs} ms`));
      }, timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        arrivalListeners.delete(check);
      };
      arrivalListeners.add(check);
      check();
    });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    messages,
    envelopes,
    rcptAttempts,
    waitForMessages,
    async waitFor(to, timeoutMs = 10_000) {
      const [found] = await waitForMessages((m) => m.to?.some((t) => t.address?.toLowerCase() === to.toLowerCase()) ?? false, 1, timeoutMs);
      if (!found) throw new Error(`no e-mail to ${to} arrived`);
      return found;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
