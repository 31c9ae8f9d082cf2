/**
 * Where links in e-mails to users point. Only configuration decides: the configured public URL, or,
 * when none is set, this backend's own listen address, fixed once when it starts listening. A
 * request's Host, X-Forwarded-Host or Forwarded header never takes part: whoever sends a request could
 * otherwise point a user's re-enrolment link at a site of their own.
 */
import type { AddressInfo } from 'node:net';

export interface LinkBase {
  /** The base of every link, without a trailing slash. */
  readonly url: string;
  /** True when the base came from the listen address because no public URL was configured. */
  readonly derived: boolean;
  /** Called when the server listens; a configured public URL stays as it is. */
  listening(address: AddressInfo | string | null): void;
}

export function createLinkBase(configured: string | undefined): LinkBase {
  let url = configured;
  return {
    get url() {
      // Only reachable before listen(): a backend that is not listening sends no links.
      if (url === undefined) throw new Error('Links are not available before the backend listens; set MFA_DESK_PUBLIC_URL.');
      return url;
    },
    derived: configured === undefined,
    listening(address) {
      url ??= listenUrl(address);
    },
  };
}

const WILDCARDS: Record<string, string> = { '0.0.0.0': '127.0.0.1', '::': '::1' };

/** http://<address>:<port> of a listening socket; a wildcard address becomes this machine's loopback. */
export function listenUrl(address: AddressInfo | string | null): string {
  if (address === null || typeof address === 'string')
    throw new Error('The backend does not listen on a TCP port, so it cannot name its own address: set MFA_DESK_PUBLIC_URL.');
  const host = WILDCARDS[address.address] ?? address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** Whether a listen host is reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
