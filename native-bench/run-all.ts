/**
 * `npm run bench`: every suite in one process, one after another, printing each table.
 * `npm run bench -- --smoke` runs them with tiny budgets (the test suite does this).
 */
import { main as engineOverhead } from './engine-overhead.bench.js';
import { main as load } from './load.bench.js';
import { main as coldStart } from './cold-start.bench.js';
import { main as poolFuzzy } from './pool-fuzzy.bench.js';
import { main as poolTransfer } from './pool-transfer.bench.js';
import { main as poolThreshold } from './pool-threshold.bench.js';
import { main as regex } from './regex.bench.js';
import { main as loopLag } from './loop-lag.bench.js';
import { main as ioHttp } from './io-http.bench.js';
import { main as ioPg } from './io-pg.bench.js';
import { main as ioBrowser } from './io-browser.bench.js';
import { main as batchThroughput } from './batch-throughput.bench.js';
import { main as batchPool } from './batch-pool.bench.js';
import { main as csvParse } from './csv-parse.bench.js';
import { main as seedTargets } from './seed-targets.bench.js';
import { main as nodeRed } from './node-red.bench.js';

const suites: [string, () => Promise<void>][] = [
  ['engine-overhead', engineOverhead],
  ['load', load],
  ['cold-start', coldStart],
  ['pool-fuzzy', poolFuzzy],
  ['pool-transfer', poolTransfer],
  ['pool-threshold', poolThreshold],
  ['regex', regex],
  ['loop-lag', loopLag],
  ['io-http', ioHttp],
  ['io-pg', ioPg],
  ['io-browser', ioBrowser],
  ['batch-throughput', batchThroughput],
  ['batch-pool', batchPool],
  ['csv-parse', csvParse],
  ['seed-targets', seedTargets],
  ['node-red', nodeRed],
];

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
for (const [name, fn] of suites) {
  if (only.length > 0 && !only.includes(name)) continue;
  await fn();
}
