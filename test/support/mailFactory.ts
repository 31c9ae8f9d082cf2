/**
 * Building disable-request e-mails for tests: real RSA keys published in a real (loopback)
 * DNS server, real DKIM signatures made by mailauth, and helpers to add headers or tamper
 * with a message after signing. Nothing of the code under test is mocked.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { dkimSign } from 'mailauth';
import type { DKIMSignOptions } from 'mailauth';
import { createDnsResolver } from '../../src-server/domain/disable/request/dnsResolver.js';
import type { CheckOptions, DnsResolver } from '../../src-server/domain/disable/request/types.js';
import { createTestDnsServer, type TestDnsServer } from './dnsServer.js';

export const TRUSTED_AUTHSERV_ID = 'mx.desk.example';
/** The support address messages are addressed to by default; backends under test are configured with it. */
export const SUPPORT_ADDRESS = 'support@desk.example';

export interface MessageParts {
  /** The From header value exactly as it should appear, e.g. `Alice <alice@corp.example>`. */
  from: string;
  to?: string;
  subject?: string;
  date?: Date | string | null;
  /** `null` leaves the header out. */
  messageId?: string | null;
  replyTo?: string;
  /** More header lines (`Name: value`), placed after the usual ones. */
  extraHeaders?: string[];
  body?: string;
}

interface DomainKey {
  selector: string;
  privateKey: string;
}

export interface MailLab {
  dns: TestDnsServer;
  servers: string[];
  resolver: DnsResolver;
  /** Builds an unsigned message with CRLF line ends. */
  message(parts: MessageParts): Buffer;
  /** Publishes `record` as the only DMARC record of `domain` (e.g. `v=DMARC1; p=reject; adkim=s`). */
  setDmarc(domain: string, record: string): void;
  /** DKIM-signs `message` as `domain` (a key is generated and published on first use). */
  sign(message: Buffer, domain: string, options?: { headerList?: string[]; maxBodyLength?: number }): Promise<Buffer>;
  /** The options checkDisableRequest needs, pointed at this lab's DNS. */
  options(login: string, overrides?: Partial<CheckOptions>): CheckOptions;
  close(): Promise<void>;
}

/** Puts header lines on top of a message, as a receiving server does. */
export function prependHeaders(message: Buffer, lines: string[]): Buffer {
  return Buffer.concat([Buffer.from(lines.map((line) => `${line}\r\n`).join('')), message]);
}

/** Rewrites the body (everything after the first empty line), leaving the headers as they are. */
export function tamperBody(message: Buffer, change: (body: string) => string): Buffer {
  const text = message.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  return Buffer.from(text.slice(0, split + 4) + change(text.slice(split + 4)));
}

/** A DMARC verdict line as our receiving server would write it. */
export function authenticationResults(authservId: string, fromDomain: string, result = 'pass'): string {
  return `Authentication-Results: ${authservId};\r\n dkim=none (message not signed);\r\n dmarc=${result} (p=REJECT) header.from=${fromDomain}`;
}

export async function startMailLab(): Promise<MailLab> {
  const dns = createTestDnsServer();
  const running = await dns.start();
  const resolver = createDnsResolver(running.servers);
  const keys = new Map<string, DomainKey>();
  const dmarcPublished = new Set<string>();

  function keyFor(domain: string): DomainKey {
    const ascii = domainToASCII(domain);
    const existing = keys.get(ascii);
    if (existing) return existing;
    const pair = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'der' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const key = { selector: 'mfa2025', privateKey: pair.privateKey };
    dns.addTxt(`${key.selector}._domainkey.${ascii}`, `v=DKIM1; k=rsa; p=${pair.publicKey.toString('base64')}`);
    if (!dmarcPublished.has(ascii)) dns.addTxt(`_dmarc.${ascii}`, 'v=DMARC1; p=reject; adkim=r');
    dmarcPublished.add(ascii);
    keys.set(ascii, key);
    return key;
  }

  return {
    dns,
    servers: running.servers,
    resolver,
    setDmarc(domain, record) {
      const ascii = domainToASCII(domain);
      dns.removeAll(`_dmarc.${ascii}`);
      dns.addTxt(`_dmarc.${ascii}`, record);
      dmarcPublished.add(ascii);
    },
    message(parts) {
      const date = parts.date === undefined ? new Date() : parts.date;
      const lines = [
        `From: ${parts.from}`,
        `To: ${parts.to ?? SUPPORT_ADDRESS}`,
        `Subject: ${parts.subject ?? 'Please disable MFA on my account'}`,
        ...(date === null ? [] : [`Date: ${typeof date === 'string' ? date : date.toUTCString()}`]),
        ...(parts.messageId === null ? [] : [`Message-ID: ${parts.messageId ?? `<${randomBytes(8).toString('hex')}@mail.test>`}`]),
        ...(parts.replyTo ? [`Reply-To: ${parts.replyTo}`] : []),
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        ...(parts.extraHeaders ?? []),
      ];
      const body = parts.body ?? 'Hello,\r\nI lost my phone. Please turn off two-step sign-in on my account.\r\nAlice\r\n';
      return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
    },
    async sign(message, domain, options = {}) {
      const key = keyFor(domain);
      const signature: DKIMSignOptions = {
        signingDomain: domainToASCII(domain),
        selector: key.selector,
        privateKey: key.privateKey,
        ...(options.maxBodyLength !== undefined ? { maxBodyLength: options.maxBodyLength } : {}),
      };
      // mailauth's signer reads `signatureData` even though its .d.ts describes a single
      // signature, and takes the header list at the top level as a colon-separated string.
      // Without `signTime` it reads the clock twice, for the hashed header and for the one it writes
      // (rounding to the second each time), so about one signature in 700 named another t= than it
      // signed, and did not verify: the signing time is given once.
      const signOptions = {
        signatureData: [signature],
        signTime: new Date(),
        ...(options.headerList ? { headerList: options.headerList.join(':') } : {}),
      };
      const result = await dkimSign(message, signOptions as unknown as DKIMSignOptions);
      if (result.errors.length > 0) throw result.errors[0];
      return Buffer.concat([Buffer.from(result.signatures), message]);
    },
    options(login, overrides = {}) {
      return {
        login,
        trustedAuthservIds: [TRUSTED_AUTHSERV_ID],
        resolver,
        supportAddresses: [SUPPORT_ADDRESS],
        maxAgeDays: 30,
        now: new Date(),
        ...overrides,
      };
    },
    close: () => running.close(),
  };
}
