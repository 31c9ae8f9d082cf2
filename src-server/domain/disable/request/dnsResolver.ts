/**
 * The DNS used to fetch DKIM keys. Production uses the system's resolver; tests and
 * air-gapped deployments point it at their own server with MFA_DESK_DNS_SERVERS
 * (comma-separated `host:port`, e.g. `127.0.0.1:5353`).
 */
import { promises as dns } from 'node:dns';
import { isIPv4, isIPv6 } from 'node:net';
import type { DnsResolver } from './types.js';

// A slow or dead DNS server must not hold an agent's request for the system default (~75 s).
const TIMEOUT_MS = 3000;
const TRIES = 2;

/** A resolver of the shape mailauth expects, on `servers` if given, else on the system's. */
export function createDnsResolver(servers: string[] | undefined): DnsResolver {
  const resolver = new dns.Resolver({ timeout: TIMEOUT_MS, tries: TRIES });
  if (servers && servers.length > 0) resolver.setServers(servers);
  // mailauth asks for TXT records here (DKIM keys, DMARC policies); the other kinds it could name answer plain strings.
  return async (name, rrtype) => {
    switch (rrtype) {
      case 'TXT':
        return resolver.resolveTxt(name);
      case 'A':
      case 'AAAA':
      case 'CNAME':
      case 'NS':
      case 'PTR':
        return resolver.resolve(name, rrtype);
      default:
        throw new Error(`${rrtype} records are not looked up for mail authentication.`);
    }
  };
}

function validPort(text: string): boolean {
  if (!/^[0-9]{1,5}$/.test(text)) return false;
  const port = Number(text);
  return port >= 1 && port <= 65535;
}

/** One entry: `1.2.3.4`, `1.2.3.4:53`, `::1`, `[::1]` or `[::1]:53`. */
function validServer(entry: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(entry);
  if (bracketed) {
    const port = bracketed[2];
    return isIPv6(bracketed[1] ?? '') && (port === undefined || validPort(port));
  }
  if (isIPv6(entry) || isIPv4(entry)) return true;
  const [host, port, ...rest] = entry.split(':');
  return rest.length === 0 && isIPv4(host ?? '') && port !== undefined && validPort(port);
}

/**
 * Reads MFA_DESK_DNS_SERVERS: undefined when unset or blank (use the system's DNS), the list
 * of servers otherwise. Throws on anything else, because silently falling back to the
 * system's DNS would check signatures against keys nobody meant to trust.
 */
export function parseDnsServers(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !validServer(entry));
  if (bad.length > 0) {
    throw new Error(
      `MFA_DESK_DNS_SERVERS has an invalid entry (${bad.map((entry) => JSON.stringify(entry)).join(', ')}): ` +
        'use comma-separated IP addresses with an optional port, e.g. "127.0.0.1:5353" or "[::1]:53".',
    );
  }
  return entries;
}
