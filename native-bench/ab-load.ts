/**
 * Question: did a change make the 10k-node load cheaper relative to bare decode + `JSON.parse`?
 * Compares two builds (a `dist/` each; e.g. a git worktree of the older commit built with
 * `npx tsc`, its node_modules linked) in fresh processes that alternate A, B, A, B…: a shared
 * machine's busy spells then land on both builds alike, which one process measuring one build
 * after the other cannot promise. Each process warms up, then measures 25 rounds of 4 bare and 4
 * full loads of the same bytes and reports median full / median bare.
 *
 *   node dist/native-bench/ab-load.js <distA> <distB> [processes per build, default 10]
 *
 * Not part of `npm run bench` (it needs a second build). The README's A/B rows come from it.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isSmoke } from './support/harness.js';

interface ChildResult { ratio: number; fullMs: number; bareMs: number }

const smoke = isSmoke();
const ROUNDS = smoke ? 2 : 25;
const BLOCK = 4;
const WARM_UP = smoke ? 1 : 15;
const NODES = smoke ? 500 : 10_000;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** One process: the engine of build `dist`, the same generated workflow for every build. */
async function child(dist: string): Promise<void> {
  const { wideWorkflow } = (await import(pathToFileURL(resolve(dist, 'native-bench/support/generate.js')).href)) as typeof import('./support/generate.js');
  const { createEngine } = (await import(pathToFileURL(resolve(dist, 'src/index.js')).href)) as typeof import('../src/index.js');
  const json = Buffer.from(JSON.stringify(wideWorkflow(NODES)));
  const engine = createEngine({ monitorEventLoop: false, cache: { maxEntries: 0 } });
  const full = async (): Promise<void> => { await engine.load(json); };
  const bare = (): void => { JSON.parse(json.toString('utf8')); };
  for (let i = 0; i < WARM_UP; i++) { await full(); bare(); }
  const f: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < BLOCK; k++) { const t = performance.now(); bare(); b.push(performance.now() - t); }
    for (let k = 0; k < BLOCK; k++) { const t = performance.now(); await full(); f.push(performance.now() - t); }
  }
  await engine.close();
  const result: ChildResult = { ratio: median(f) / median(b), fullMs: median(f), bareMs: median(b) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function parent(distA: string, distB: string, processes: number): void {
  const runs: ChildResult[][] = [[], []];
  for (let p = 0; p < processes; p++) {
    [distA, distB].forEach((dist, i) => {
      const out = execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--child', dist], { encoding: 'utf8' });
      runs[i]!.push(JSON.parse(out) as ChildResult);
    });
  }
  [distA, distB].forEach((dist, i) => {
    const r = runs[i]!;
    console.log(`${dist}: full / bare median ${median(r.map((x) => x.ratio)).toFixed(3)}x  [${r.map((x) => x.ratio.toFixed(2)).join(' ')}]  full ${median(r.map((x) => x.fullMs)).toFixed(2)} ms, bare ${median(r.map((x) => x.bareMs)).toFixed(2)} ms`);
  });
}

const args = process.argv.slice(2);
if (args[0] === '--child' && args[1] !== undefined) await child(args[1]);
else if (args.length >= 2) parent(args[0]!, args[1]!, Number(args[2] ?? 10));
else console.error('usage: node dist/native-bench/ab-load.js <distA> <distB> [processes per build]');
