/**
 * Kernels that exercise the pool itself: busy work, crashes, heap exhaustion, payload echo. Tests
 * and benchmarks use them to prove timeouts, crash isolation and main-loop freedom on real threads;
 * no node type references them.
 */

/** Synchronous busy loop for `ms` milliseconds; returns the iteration count. */
export function spinKernel(input: { ms: number }): number {
  const end = Date.now() + input.ms;
  let n = 0;
  while (Date.now() < end) n++;
  return n;
}

/** Throws outside the task (uncaught on the thread's event loop): the thread dies. */
export function crashKernel(): Promise<never> {
  return new Promise(() => {
    setImmediate(() => { throw new Error('diagnostic crash'); });
  });
}

/** Allocates until the thread's heap limit (resourceLimits) kills it. */
export function exhaustHeapKernel(): number {
  const keep: number[][] = [];
  for (;;) keep.push(new Array<number>(1 << 20).fill(keep.length));
}

/** Returns its bytes (bench: clone vs transfer) and their sum, to touch every byte. */
export function echoBytesKernel(input: { bytes: Uint8Array }): { bytes: Uint8Array; sum: number } {
  const b = input.bytes;
  let sum = 0;
  for (let i = 0; i < b.length; i += 4096) sum += b[i]!;
  return { bytes: b, sum };
}

/** Trivial kernel: measures the dispatch round trip. */
export function noopKernel(input: unknown): unknown {
  return input;
}
