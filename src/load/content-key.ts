/**
 * The plan cache's content key: XXH3-64 of the stored bytes through @node-rs/xxhash's streaming
 * hasher (a prebuilt binary inside the npm package): 0.15 ms for the 2.2 MB of a 10k-node workflow
 * against 1.2 ms for node:crypto sha256 (SHA-NI) on this machine, ~5 % of a whole load. XXH3 is not
 * collision resistant, so the cache confirms every hit by the bytes (ContentCache.get). The
 * package's one-shot `xxh3.xxh64()` measured 1.4 ms for the same bytes: the streaming hasher is used
 * for bytes in memory too. Without the binary, sha256 keys the cache.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

export interface ContentHasher {
  update(chunk: Uint8Array): void;
  /** Hex key; call once. */
  digest(): string;
}

interface Xxh3Module {
  xxh3: { Xxh3: { withSeed(seed?: bigint): { update(input: Uint8Array): unknown; digest(): bigint } } };
}

function loadXxh3(): Xxh3Module['xxh3']['Xxh3'] | null {
  try {
    return (createRequire(import.meta.url)('@node-rs/xxhash') as Xxh3Module).xxh3.Xxh3;
  } catch {
    return null;
  }
}

const Xxh3 = loadXxh3();

/** Which hash keys the cache here (`casare inspect --verbose` says so). */
export const CONTENT_KEY_ALGORITHM: 'xxh3-64' | 'sha256' = Xxh3 !== null ? 'xxh3-64' : 'sha256';

/** A hasher for the running process's algorithm (`algorithm` is for tests of the fallback). */
export function createContentHasher(algorithm = CONTENT_KEY_ALGORITHM): ContentHasher {
  if (algorithm === 'sha256' || Xxh3 === null) {
    const h = createHash('sha256');
    return { update: (chunk) => void h.update(chunk), digest: () => h.digest('hex') };
  }
  const h = Xxh3.withSeed();
  return { update: (chunk) => void h.update(chunk), digest: () => h.digest().toString(16).padStart(16, '0') };
}

/** The key of bytes already in memory. */
export function contentKey(bytes: Uint8Array): string {
  const h = createContentHasher();
  h.update(bytes);
  return h.digest();
}
