/**
 * Question: what does the engine cost per node activation, and per item·node in a loop?
 * Baseline: a plain synchronous JS loop doing the same arithmetic (the floor).
 * Targets (issue 3): ≤ 2 µs per activation (1 item through 100 nodes); ≤ 0.3 µs per item·node.
 * Runs keep outputs as `engine.run` does by default (retainOutputs 'needed': a node read only
 * through data edges builds no `<id>` mirror dict); the loop is also run keeping every output.
 */
import { runSuite, isSmoke } from './support/harness.js';
import { mathChain, loopChain, mergeChain, batchChain } from './support/generate.js';
import { createEngine } from '../src/index.js';
import { executePlan } from '../src/execute/run.js';
import type { Plan } from '../src/compile/plan.js';

const smoke = isSmoke();
const CHAIN = 100;
const ITEMS = smoke ? 100 : 10_000;

const services = { fileRoot: null, env: {} };
/** Outputs kept as `engine.run` keeps them by default ('needed'); the CLI keeps all of them ('all'). */
const exec = (plan: Plan, retainOutputs: 'needed' | 'all' = 'needed') => executePlan(plan, { services, cwd: process.cwd(), concurrency: 16, retainLogs: false, retainOutputs });

export async function main(): Promise<void> {
  const engine = createEngine({ monitorEventLoop: false });
  const chain = (await engine.load(Buffer.from(JSON.stringify(mathChain(CHAIN))))).plan;
  const loop = (await engine.load(Buffer.from(JSON.stringify(loopChain(ITEMS, CHAIN))))).plan;
  const merges = (await engine.load(Buffer.from(JSON.stringify(mergeChain(CHAIN))))).plan;
  const batch = (await engine.load(Buffer.from(JSON.stringify(batchChain(ITEMS, CHAIN))))).plan;
  const check = await exec(chain, 'all');
  if (check.status !== 'success' || (check.outputs[`m${CHAIN - 1}`]?.['result'] as number) !== CHAIN) throw new Error('chain bench workflow did not compute');

  let sink = 0;
  const r1 = await runSuite('engine-activation', {
    'plain JS: 100 additions': () => { let a = 0; for (let k = 0; k < CHAIN; k++) a = a + 1; sink += a; },
    'casare: 1 item through 100 MathOperation nodes': async () => { await exec(chain); },
    'casare: 100 MergeNode nodes (scheduler only)': async () => { await exec(merges); },
  }, { notes: { nodes: CHAIN, perActivation: 'median / 100' } });
  const act = r1.tasks.find((t) => t.name.startsWith('casare: 1 item'))!;
  const bare = r1.tasks.find((t) => t.name.includes('MergeNode'))!;
  console.log(`per activation: ${((act.medianMs * 1000) / CHAIN).toFixed(3)} µs with MathOperation, ${((bare.medianMs * 1000) / CHAIN).toFixed(3)} µs scheduler only (target ≤ 2 µs)`);

  const r2 = await runSuite('engine-item-node', {
    [`plain JS: ${ITEMS} items × 100 additions`]: () => { for (let i = 0; i < ITEMS; i++) { let a = i; for (let k = 0; k < CHAIN; k++) a = a + 1; sink += a; } },
    [`casare: ${ITEMS} items through a 100-node loop body`]: async () => { await exec(loop); },
    [`casare: same, every output kept (retain 'all', as the CLI)`]: async () => { await exec(loop, 'all'); },
    [`casare: ${ITEMS} items as one batch through 100 TableMapNode`]: async () => { await exec(batch); },
  }, { time: smoke ? 10 : 3000, notes: { items: ITEMS, nodes: CHAIN } });
  const it = r2.tasks.find((t) => t.name.includes('loop body'))!;
  const all = r2.tasks.find((t) => t.name.includes("retain 'all'"))!;
  const bt = r2.tasks.find((t) => t.name.includes('one batch'))!;
  const per = (ms: number): string => ((ms * 1000) / (ITEMS * CHAIN)).toFixed(3);
  console.log(`per item·node: ${per(it.medianMs)} µs one item per activation (For loop; ${per(all.medianMs)} µs keeping every output), ${per(bt.medianMs)} µs batched (target ≤ 0.3 µs)`);
  if (sink === -1) console.log(sink);
  await engine.close();
}
