/**
 * A real DNS server on loopback for tests: DKIM keys and DMARC records are published here
 * and the code under test resolves them over the wire, exactly as in production. UDP and
 * TCP listen on the same port because resolvers retry over TCP when an answer (a 2048-bit
 * key is close to the limit) comes back truncated.
 */
import { createSocket } from 'node:dgram';
import dns2 from 'dns2';
import type { Packet, Resource } from 'dns2';

const TXT = 16;
const SERVFAIL = 2;
const NXDOMAIN = 3;
// A TXT character-string holds at most 255 bytes (RFC 1035 3.3.14); longer values are split.
const MAX_STRING = 255;

export interface RunningDnsServer {
  /** For createDnsResolver / MFA_DESK_DNS_SERVERS. */
  servers: string[];
  port: number;
  close(): Promise<void>;
}

export interface HeldName {
  asked: Promise<void>;
  release(): void;
}

export interface TestDnsServer {
  /** Publishes a TXT record (several calls for one name make several records). */
  addTxt(name: string, value: string): void;
  /** Drops every record of `name`, e.g. to simulate a key that was withdrawn. */
  removeAll(name: string): void;
  /** Answers SERVFAIL for `name` from now on, as a broken authoritative server would. */
  failLookups(name: string): void;
  /**
   * Leaves questions about `name` unanswered, like a slow or dead DNS server, until `release` is
   * called; then the held questions are answered as usual. `asked` settles at the first question.
   */
  hold(name: string): HeldName;
  start(): Promise<RunningDnsServer>;
}

function splitIntoStrings(value: string): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < value.length; i += MAX_STRING) chunks.push(value.slice(i, i + MAX_STRING));
  return chunks.length > 0 ? chunks : [''];
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

export function createTestDnsServer(): TestDnsServer {
  const records = new Map<string, string[]>();
  const failing = new Set<string>();
  const held = new Map<string, { waiting: Array<() => void>; asked(): void }>();
  const key = (name: string): string => name.toLowerCase().replace(/\.$/, '');

  const handle = (request: Packet, send: (response: Packet) => Promise<Buffer>): void => {
    const holding = held.get(key(request.questions[0]?.name ?? ''));
    if (holding) {
      holding.waiting.push(() => handle(request, send));
      holding.asked();
      return;
    }
    const response = dns2.Packet.createResponseFromRequest(request);
    const question = request.questions[0];
    const values = question ? records.get(key(question.name)) : undefined;
    if (question && failing.has(key(question.name))) {
      response.header.rcode = SERVFAIL;
    } else if (!question || !values) {
      response.header.rcode = NXDOMAIN;
    } else if (question.type === TXT) {
      for (const value of values) {
        response.answers.push({ name: question.name, type: TXT, class: question.class, ttl: 1, data: splitIntoStrings(value) } as Resource);
      }
    }
    // A known name asked for another type gets an empty answer (NODATA), as a real server would.
    void send(response);
  };

  return {
    addTxt(name, value) {
      const list = records.get(key(name)) ?? [];
      list.push(value);
      records.set(key(name), list);
    },
    removeAll(name) {
      records.delete(key(name));
    },
    failLookups(name) {
      failing.add(key(name));
    },
    hold(name) {
      let asked = () => {};
      const waiting: Array<() => void> = [];
      const holding = { waiting, asked: () => asked() };
      held.set(key(name), holding);
      return {
        asked: new Promise<void>((resolve) => (asked = resolve)),
        release() {
          if (held.get(key(name)) === holding) held.delete(key(name));
          for (const answer of holding.waiting.splice(0)) answer();
        },
      };
    },
    async start() {
      // The OS picks a free UDP port; TCP then takes the same one, so retry if that is taken.
      for (let attempt = 0; attempt < 10; attempt++) {
        const port = await freeUdpPort();
        const server = dns2.createServer({ udp: true, tcp: true, handle });
        const failed = new Promise<never>((_, reject) => server.once('error', reject));
        try {
          await Promise.race([server.listen({ udp: { port, address: '127.0.0.1' }, tcp: { port, address: '127.0.0.1' } }), failed]);
        } catch {
          await Promise.race([server.close(), new Promise((resolve) => setTimeout(resolve, 200))]);
          continue;
        }
        return { servers: [`127.0.0.1:${port}`], port, close: () => server.close() };
      }
      throw new Error('Could not find a free port for the test DNS server.');
    },
  };
}
