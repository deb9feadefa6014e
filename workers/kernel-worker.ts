/**
 * Pool thread entry: decode a KernelTask, call the kernel, reply with plain data. Large typed-array
 * results are moved (transferred), not cloned: 10 MiB took 9.5 ms cloned vs 0.4 ms moved.
 * A kernel error becomes {kind:'error'} data; only a crash (uncaught error outside the task, out of
 * heap, termination on timeout) kills the thread, and the pool replaces it.
 */
import { isMainThread } from 'node:worker_threads';
import { setPriority } from 'node:os';
import { Piscina } from 'piscina';
import { getKernel } from '../src/pool/kernels.js';
import { toWireError } from '../src/pool/protocol.js';
import type { KernelReply, KernelTask } from '../src/pool/protocol.js';

if (isMainThread) throw new Error('workers/kernel-worker is a pool thread entry; do not import it on the main thread');

/** nice +19 (lowest): measured on 2 cores, HTTP p50 while both workers are busy 0.95× idle vs 1.56× at +10,
 * fuzzy throughput unchanged (1.97× inline on 2 threads) — workers only lose the core when the loop wants it. */
const WORKER_NICE = 19;

// Lower this thread's OS priority (Linux nice values are per thread): when CPU kernels and the event
// loop want the same core, the event loop wins, so I/O latency stays near idle while workers are busy.
// Throughput is unchanged when the main thread is idle. Best effort: some platforms refuse.
try {
  setPriority(WORKER_NICE);
} catch {
  /* not permitted here: run at normal priority */
}

/** Buffers below this size are cloned: transfer bookkeeping costs more than copying them. */
const MOVE_MIN_BYTES = 16 * 1024;

function collect(v: unknown, into: Set<ArrayBuffer>): void {
  if (ArrayBuffer.isView(v)) {
    if (v.buffer instanceof ArrayBuffer && v.buffer.byteLength >= MOVE_MIN_BYTES) into.add(v.buffer);
  } else if (v instanceof ArrayBuffer) {
    if (v.byteLength >= MOVE_MIN_BYTES) into.add(v);
  }
}

/** Buffers of the result at depth ≤ 2 (the kernels return typed arrays or records of them). */
function buffersOf(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  collect(value, found);
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer)) {
    for (const v of Object.values(value)) collect(v, found);
  }
  return [...found];
}

function movable(reply: KernelReply, transfer: ArrayBuffer[]): unknown {
  if (transfer.length === 0) return reply;
  return Piscina.move({ [Piscina.transferableSymbol]: transfer, [Piscina.valueSymbol]: reply } as never);
}

export async function runTask(task: KernelTask): Promise<unknown> {
  const kernel = getKernel(task.kernel);
  if (kernel === undefined) {
    return { kind: 'error', error: { code: 'CASARE_E_INTERNAL', message: `unknown kernel "${task.kernel}"`, name: 'CasareError' } } satisfies KernelReply;
  }
  try {
    let value = kernel(task.input);
    if (value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function') value = await value;
    const reply: KernelReply = { kind: 'ok', value };
    return movable(reply, buffersOf(value));
  } catch (e) {
    return { kind: 'error', error: toWireError(e) } satisfies KernelReply;
  }
}
