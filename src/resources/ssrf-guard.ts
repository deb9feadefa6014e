/**
 * SSRF guard (workflow-format.md §14.8 D8, nodes.md §14): http/https only; `localhost`, `0.0.0.0`,
 * loopback, private, link-local and unique-local addresses are refused after DNS resolution, unless
 * the engine option `http.allowedHosts` (host names, IPs, CIDR ranges) matches. The same check runs
 * for every redirect hop (the HTTP client calls `check()` per hop) and again inside the connector's
 * DNS lookup, so a name that re-resolves to a private address between check and connect is refused.
 */
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { CasareError } from '../errors.js';

const BLOCKED = new BlockList();
BLOCKED.addSubnet('0.0.0.0', 8, 'ipv4');
BLOCKED.addSubnet('127.0.0.0', 8, 'ipv4');
BLOCKED.addSubnet('10.0.0.0', 8, 'ipv4');
BLOCKED.addSubnet('172.16.0.0', 12, 'ipv4');
BLOCKED.addSubnet('192.168.0.0', 16, 'ipv4');
BLOCKED.addSubnet('169.254.0.0', 16, 'ipv4');
BLOCKED.addAddress('::', 'ipv6');
BLOCKED.addAddress('::1', 'ipv6');
BLOCKED.addSubnet('fc00::', 7, 'ipv6');
BLOCKED.addSubnet('fe80::', 10, 'ipv6');

const BLOCKED_NAMES = new Set(['localhost', 'localhost.', '0.0.0.0', '::1']);
const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** `[::1]` -> `::1`; IPv4-mapped IPv6 -> IPv4. */
function normaliseHost(host: string): string {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const m = MAPPED_V4.exec(h);
  return (m ? m[1]! : h).toLowerCase();
}

function family(ip: string): 'ipv4' | 'ipv6' {
  return isIP(ip) === 6 ? 'ipv6' : 'ipv4';
}

/** True for an address the guard refuses (before the allow-list). */
export function isBlockedAddress(ip: string): boolean {
  const a = normaliseHost(ip);
  return isIP(a) !== 0 && BLOCKED.check(a, family(a));
}

export function ssrfError(url: string): CasareError {
  return new CasareError('CASARE_E_HTTP_SSRF_BLOCKED', `SSRF protection blocked request to ${url}`);
}

export class SsrfGuard {
  readonly #names = new Set<string>();
  readonly #ips = new BlockList();
  #hasIps = false;

  /** allowedHosts: host names (case-insensitive), IP addresses, or CIDR ranges (`10.0.0.0/8`). */
  constructor(allowedHosts: readonly string[]) {
    for (const raw of allowedHosts) {
      const entry = raw.trim();
      const slash = entry.indexOf('/');
      if (slash > 0) {
        const ip = normaliseHost(entry.slice(0, slash));
        const bits = Number(entry.slice(slash + 1));
        if (isIP(ip) === 0 || !Number.isInteger(bits)) throw new CasareError('CASARE_E_CONFIG_INVALID',
          `http.allowedHosts entry must be a host, an IP or a CIDR range, got "${entry}"`);
        this.#ips.addSubnet(ip, bits, family(ip));
        this.#hasIps = true;
      } else if (isIP(normaliseHost(entry)) !== 0) {
        const ip = normaliseHost(entry);
        this.#ips.addAddress(ip, family(ip));
        this.#hasIps = true;
      } else {
        this.#names.add(entry.toLowerCase());
      }
    }
  }

  /** True when the allow-list admits this host name or address. */
  isAllowed(host: string): boolean {
    const h = normaliseHost(host);
    if (this.#names.has(h)) return true;
    return this.#hasIps && isIP(h) !== 0 && this.#ips.check(h, family(h));
  }

  /** True when a connection to `address` (resolved from `host`) is refused. */
  isRefused(host: string, address: string): boolean {
    if (this.isAllowed(host)) return false;
    return isBlockedAddress(address) && !this.isAllowed(address);
  }

  /**
   * Check one URL (a request or a redirect hop): scheme, host name, resolved addresses.
   * Throws CASARE_E_HTTP_SSRF_BLOCKED with the spec's text; DNS failures propagate as they are.
   */
  async check(url: URL): Promise<void> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw ssrfError(url.href);
    const host = normaliseHost(url.hostname);
    if (this.isAllowed(host)) return;
    if (BLOCKED_NAMES.has(host)) throw ssrfError(url.href);
    if (isIP(host) !== 0) {
      if (isBlockedAddress(host)) throw ssrfError(url.href);
      return;
    }
    const addrs = await lookupAll(host);
    for (const a of addrs) if (this.isRefused(host, a.address)) throw ssrfError(url.href);
  }

  /** A `net.connect` lookup that refuses blocked addresses (pins the check to the connected IP). */
  readonly lookup = (hostname: string, options: LookupOneOptions | LookupAllOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) { callback(err, ''); return; }
      const list = addresses as LookupAddress[];
      for (const a of list) {
        if (this.isRefused(hostname, a.address)) {
          callback(ssrfError(`//${hostname}`) as unknown as NodeJS.ErrnoException, '');
          return;
        }
      }
      if ((options as LookupAllOptions).all) callback(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

function lookupAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true }, (err, addrs) => (err ? reject(err) : resolve(addrs)));
  });
}
