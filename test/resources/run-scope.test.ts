import { describe, expect, it } from 'vitest';
import { RunScope, makeLease } from '../../src/resources/run-scope.js';
import { Semaphore } from '../../src/resources/semaphore.js';
import { SsrfGuard, isBlockedAddress } from '../../src/resources/ssrf-guard.js';
import { resolveIoOptions } from '../../src/resources/services.js';

describe('RunScope', () => {
  it('releases in reverse order, keeps the first error, and tolerates a second close', async () => {
    const scope = new RunScope();
    const order: string[] = [];
    scope.defer(() => { order.push('a'); });
    scope.defer(async () => { order.push('b'); throw new Error('first'); });
    scope.defer(() => { order.push('c'); throw new Error('second'); });
    expect(scope.liveCount).toBe(3);
    await expect(scope.close()).rejects.toThrow('second');
    expect(order).toEqual(['c', 'b', 'a']);
    await expect(scope.close()).rejects.toThrow('second');
    expect(order).toEqual(['c', 'b', 'a']);
    expect(scope.liveCount).toBe(0);
  });

  it('a lease released early is not released again at close; a late defer runs at once', async () => {
    const scope = new RunScope();
    let n = 0;
    const lease = scope.defer(() => { n++; });
    await lease.release();
    await lease[Symbol.asyncDispose]();
    await scope.close();
    expect(n).toBe(1);
    let late = false;
    scope.defer(() => { late = true; });
    await new Promise((r) => setImmediate(r));
    expect(late).toBe(true);
  });

  it('makeLease is idempotent', async () => {
    let n = 0;
    const l = makeLease(() => { n++; });
    await Promise.all([l.release(), l.release()]);
    expect(n).toBe(1);
  });
});

describe('Semaphore', () => {
  it('waits instead of failing when saturated and hands permits over in order', async () => {
    const s = new Semaphore(1);
    await s.acquire();
    const got: number[] = [];
    const p1 = s.acquire().then(() => got.push(1));
    const p2 = s.acquire().then(() => got.push(2));
    expect(s.waiting).toBe(2);
    s.release();
    await p1;
    s.release();
    await p2;
    expect(got).toEqual([1, 2]);
    s.release();
    expect(s.inUse).toBe(0);
  });

  it('drops an aborted waiter and times out with CASARE_E_RESOURCE_EXHAUSTED', async () => {
    const s = new Semaphore(1);
    await s.acquire();
    const ac = new AbortController();
    const p = s.acquire(ac.signal);
    ac.abort(new Error('cancelled'));
    await expect(p).rejects.toThrow('cancelled');
    expect(s.waiting).toBe(0);
    await expect(s.acquire(undefined, 20)).rejects.toMatchObject({ code: 'CASARE_E_RESOURCE_EXHAUSTED' });
    s.release();
    await s.acquire();
    expect(s.inUse).toBe(1);
  });
});

describe('SsrfGuard', () => {
  it('classifies loopback, private, link-local and unique-local addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '::1', 'fc00::1', 'fe80::1', '::ffff:127.0.0.1', '0.0.0.0']) {
      expect(isBlockedAddress(ip), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '172.32.0.1', '2001:4860:4860::8888']) expect(isBlockedAddress(ip), ip).toBe(false);
  });

  it('refuses blocked hosts and schemes with CASARE_E_HTTP_SSRF_BLOCKED unless allowed by host, IP or CIDR', async () => {
    const strict = new SsrfGuard([]);
    for (const u of ['http://127.0.0.1/', 'http://localhost/', 'http://[::1]:8080/', 'ftp://example.com/', 'http://192.168.0.5/']) {
      await expect(strict.check(new URL(u)), u).rejects.toMatchObject({
        code: 'CASARE_E_HTTP_SSRF_BLOCKED', message: `SSRF protection blocked request to ${new URL(u).href}` });
    }
    const allow = new SsrfGuard(['localhost', '10.0.0.0/8', '127.0.0.1']);
    await expect(allow.check(new URL('http://localhost:1/'))).resolves.toBeUndefined();
    await expect(allow.check(new URL('http://10.9.8.7/'))).resolves.toBeUndefined();
    await expect(allow.check(new URL('http://127.0.0.1/'))).resolves.toBeUndefined();
    await expect(allow.check(new URL('http://127.0.0.2/'))).rejects.toMatchObject({ code: 'CASARE_E_HTTP_SSRF_BLOCKED' });
  });

  it('checks the addresses a name resolves to', async () => {
    // "localhost." with the trailing dot is a name, not in the literal list: DNS resolves it to loopback.
    await expect(new SsrfGuard([]).check(new URL('http://localhost./'))).rejects.toMatchObject({ code: 'CASARE_E_HTTP_SSRF_BLOCKED' });
  });
});

describe('resolveIoOptions', () => {
  it('applies defaults, freezes, and rejects bad values with CASARE_E_CONFIG_INVALID', () => {
    const o = resolveIoOptions({ http: { allowedHosts: ['127.0.0.1'] } });
    expect(o.http.connectionsPerHost).toBe(16);
    expect(o.browser.executablePath).toBe('/usr/bin/chromium');
    expect(Object.isFrozen(o.http)).toBe(true);
    expect(() => resolveIoOptions({ pg: { maxPerTarget: 0 } })).toThrow(expect.objectContaining({ code: 'CASARE_E_CONFIG_INVALID' }));
    expect(() => resolveIoOptions({ http: { allowedHosts: ['10.0.0.0/x'] } })).toThrow(expect.objectContaining({ code: 'CASARE_E_CONFIG_INVALID' }));
  });
});
