/**
 * Question: how does Casare compare with Node-RED (the engine people would otherwise embed) on
 * the same shapes, in one process and one run? Baseline: Node-RED 4 embedded (no editor, no HTTP).
 *   A. 10k messages through 100 cheap nodes: Node-RED `change` / `function` chains vs Casare
 *      MathOperation chains (10k items through a loop body, and 10k runs, 64 in flight).
 *   B. 1 message through 100 nodes.
 *   C. 8 parallel CPU branches joined: the same fuzzy-dedupe kernel in 8 Node-RED function nodes
 *      (main thread) vs 8 FuzzyDedupeNode branches of a Casare Fork/Join (worker pool).
 * node-red@4 is installed into ~/.cache/casare-bench/node-red on first use (not a dependency). If it
 * cannot be installed or embedded, the bench prints why and returns (exit 0).
 */
import { pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';
import { runSuite, isSmoke } from './support/harness.js';
import type { SuiteReport } from './support/harness.js';
import { loopChain, mathChain, type WorkflowJson } from './support/generate.js';
import { loadNodeRed, nodeRedCacheDir } from './support/node-red/install.js';
import { chainFlow, fanJoinFlow } from './support/node-red/flows.js';
import { startNodeRed, type EmbeddedNodeRed } from './support/node-red/embed.js';
import { createEngine, type Engine } from '../src/engine.js';
import type { Plan } from '../src/compile/plan.js';
import { fuzzyPairsKernel } from '../src/nodes/fuzzy/fuzzy-kernels.js';

const CHAIN = 100;
const BRANCHES = 8;

function words(n: number): string[] {
  let x = 3;
  return Array.from({ length: n }, () => {
    let w = '';
    for (let k = 0; k < 8; k++) { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; w += 'abcdefgh'[x >>> 29]; }
    return w;
  });
}

/** The per-branch CPU work, identical on both engines: fuzzy self-join (dedupe) at 0.9. */
function dedupeCount(items: readonly string[]): number {
  return fuzzyPairsKernel({ left: items, leftOffset: 0, right: items, threshold: 0.9, algorithm: 'ratio', upperTriangle: true }).left.length;
}

function forkJoin(items: readonly string[]): WorkflowJson {
  const nodes: WorkflowJson['nodes'] = {};
  const add = (id: string, type: string, config: Record<string, unknown>): void => { nodes[id] = { node_id: id, node_type: type, config, position: [0, 0] }; };
  const connections: WorkflowJson['connections'] = [];
  const edge = (s: string, sp: string, t: string): void => { connections.push({ source_node: s, source_port: sp, target_node: t, target_port: 'exec_in' }); };
  add('start', 'StartNode', {});
  add('fork', 'ForkNode', { branch_count: BRANCHES, paired_join_id: 'join' });
  add('join', 'JoinNode', { paired_fork_id: 'fork' });
  edge('start', 'exec_out', 'fork');
  for (let k = 0; k < BRANCHES; k++) {
    add(`b${k}`, 'FuzzyDedupeNode', { items, threshold: 0.9, algorithm: 'ratio' });
    edge('fork', `branch_${k + 1}`, `b${k}`);
    edge(`b${k}`, 'exec_out', 'join');
  }
  return { metadata: { name: '8 CPU branches joined' }, nodes, connections, variables: {}, settings: { stop_on_error: true } };
}

async function plan(engine: Engine, doc: WorkflowJson): Promise<Plan> {
  return (await engine.load(Buffer.from(JSON.stringify(doc)))).plan;
}

async function runMany(engine: Engine, p: Plan, runs: number, inFlight: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < runs) {
      next++;
      const r = await engine.run(p);
      if (r.status !== 'success') throw new Error(`run failed: ${r.error?.code}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

function ratioLine(report: SuiteReport, task: string): string {
  const t = report.tasks.find((x) => x.name === task);
  const base = report.tasks.find((x) => x.name === report.baseline);
  if (t === undefined || base === undefined) return '';
  const r = base.medianMs / t.medianMs;
  return `  ${task}: ${r >= 1 ? `${r.toFixed(1)}× faster` : `${(1 / r).toFixed(1)}× slower`} than ${report.baseline}`;
}

export async function main(): Promise<void> {
  const smoke = isSmoke();
  const dir = nodeRedCacheDir();
  const nr = loadNodeRed(dir, !smoke);
  if (!nr.ok) {
    console.log(`## node-red comparison: skipped: ${nr.reason}`);
    return;
  }
  const messages = smoke ? 50 : 10_000;
  const itemsPerBranch = words(smoke ? 30 : 220);
  const flows = [...chainFlow('a_change', CHAIN, 'change'), ...chainFlow('a_func', CHAIN, 'function'), ...fanJoinFlow('c_fan', BRANCHES)];
  let red: EmbeddedNodeRed;
  try {
    red = await startNodeRed(nr.require, flows, ['a_change', 'a_func', 'c_fan'], { cpu: dedupeCount });
  } catch (e) {
    console.log(`## node-red comparison: skipped: node-red ${nr.version} from ${dir} could not be embedded: ${(e as Error).message}`);
    return;
  }
  const engine = createEngine({ monitorEventLoop: false, retainLogs: false });
  // Shape C gets its own engine: once an engine's pool has started, WorkerPool.stats() (called by
  // every engine.run) costs ~5 ms here and would swamp shapes A and B (reported to the lead).
  const cpuEngine = createEngine({ monitorEventLoop: false, retainLogs: false });
  try {
    const loopPlan = await plan(engine, loopChain(messages, CHAIN));
    const chainPlan = await plan(engine, mathChain(CHAIN));
    const forkPlan = await plan(cpuEngine, forkJoin(itemsPerBranch));
    const check = await cpuEngine.run(forkPlan);
    if (check.status !== 'success') throw new Error(`fork/join workflow failed: ${check.error?.code} ${check.error?.message}`);
    const msgs = Array.from({ length: messages }, (_, i) => ({ payload: i }));
    const one = [{ payload: 0 }];
    const fanMsg = [{ payload: itemsPerBranch }];
    // Warm both sides (JIT, pool threads) outside the timed loops.
    await red.send('a_change', 'a_change_0', msgs.slice(0, 500));
    await red.send('a_func', 'a_func_0', msgs.slice(0, 500));
    await red.send('c_fan', 'c_fan_fan', fanMsg);
    await engine.run(loopPlan);
    await runMany(engine, chainPlan, 200, 64);

    const notes = { node: process.version, cpus: availableParallelism(), nodeRed: nr.version, messages, chain: CHAIN, branches: BRANCHES, wordsPerBranch: itemsPerBranch.length };
    // Order matters: Node-RED's 10k-message bursts leave a large heap behind (and it warns about
    // AbortSignal listeners), which slowed the Casare tasks that ran after them by an order of
    // magnitude (measured: 0.17 -> 3.6 ms per 100-node run). Each suite runs Casare first, and the
    // burst suite runs last.
    const b = await runSuite(`node-red-b: 1 message through ${CHAIN} nodes`, {
      [`casare: ${CHAIN} MathOperation nodes`]: async () => { await engine.run(chainPlan); },
      [`node-red: ${CHAIN} function nodes`]: async () => { await red.send('a_func', 'a_func_0', one); },
      [`node-red: ${CHAIN} change nodes`]: async () => { await red.send('a_change', 'a_change_0', one); },
    }, { baseline: `node-red: ${CHAIN} function nodes`, notes });
    const c = await runSuite(`node-red-c: ${BRANCHES} parallel CPU branches joined`, {
      [`casare: Fork, ${BRANCHES} FuzzyDedupeNode, Join (pool)`]: async () => { await cpuEngine.run(forkPlan); },
      [`node-red: fan-out, ${BRANCHES} function nodes, join`]: async () => { await red.send('c_fan', 'c_fan_fan', fanMsg); },
    }, { baseline: `node-red: fan-out, ${BRANCHES} function nodes, join`, time: smoke ? 10 : 4000, iterations: smoke ? 1 : 5, notes });
    const a = await runSuite(`node-red-a: ${messages} messages through ${CHAIN} cheap nodes`, {
      [`casare: ${messages} items through a ${CHAIN}-node loop body`]: async () => { await engine.run(loopPlan); },
      [`casare: ${messages} runs of a ${CHAIN}-node chain, 64 in flight`]: async () => { await runMany(engine, chainPlan, messages, 64); },
      [`node-red: ${CHAIN} change nodes`]: async () => { await red.send('a_change', 'a_change_0', msgs); },
      [`node-red: ${CHAIN} function nodes`]: async () => { await red.send('a_func', 'a_func_0', msgs); },
    }, { baseline: `node-red: ${CHAIN} change nodes`, time: 1, warmup: 0, iterations: smoke ? 1 : 2, notes });
    console.log(['casare vs Node-RED (median, same process):',
      ratioLine(a, `casare: ${messages} items through a ${CHAIN}-node loop body`),
      ratioLine(a, `casare: ${messages} runs of a ${CHAIN}-node chain, 64 in flight`),
      ratioLine(b, `casare: ${CHAIN} MathOperation nodes`),
      ratioLine(c, `casare: Fork, ${BRANCHES} FuzzyDedupeNode, Join (pool)`),
    ].join('\n'));
  } finally {
    await engine.close();
    await cpuEngine.close();
    await red.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
