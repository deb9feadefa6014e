/** SystemInfoNode (nodes.md §15): machine-dependent facts, never compared. */
import { cpus, freemem, hostname, loadavg, networkInterfaces, platform, release, totalmem, type as osType, arch } from 'node:os';
import { statfs } from 'node:fs/promises';
import { defineNode } from '../types.js';
import type { NodeSpec } from '../types.js';
import { pyStr } from '../../lib/py/str.js';

const SYSTEM_NAMES: Readonly<Record<string, string>> = { linux: 'Linux', darwin: 'Darwin', win32: 'Windows' };

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export const systemInfoNode: NodeSpec = defineNode({
  type: 'SystemInfoNode',
  category: 'system',
  inputs: [],
  outputs: ['info', 'os_name', 'cpu_percent', 'ram_percent', 'disk_percent'],
  config: { info_type: 'all' },
  cost: 'io',
  async run(ctx) {
    const infoType = pyStr(ctx.param('info_type') ?? 'all');
    const system = SYSTEM_NAMES[platform()] ?? osType();
    const cores = cpus();
    const cpuPercent = round1(Math.min(100, (loadavg()[0]! / Math.max(1, cores.length)) * 100));
    const total = totalmem();
    const ramPercent = round1(((total - freemem()) / total) * 100);
    let disk = { total: 0, used: 0, free: 0, percent: 0 };
    try {
      const s = await statfs(process.platform === 'win32' ? ctx.cwd.slice(0, 3) : '/');
      const t = s.blocks * s.bsize;
      const free = s.bavail * s.bsize;
      disk = { total: t, used: t - s.bfree * s.bsize, free, percent: t === 0 ? 0 : round1(((t - s.bfree * s.bsize) / t) * 100) };
    } catch { /* no disk facts */ }
    const sections: Record<string, unknown> = {
      os: { system, release: release(), machine: arch(), node: hostname() },
      cpu: { count: cores.length, percent: cpuPercent, model: cores[0]?.model ?? '' },
      ram: { total, available: freemem(), percent: ramPercent },
      disk,
      network: { interfaces: Object.keys(networkInterfaces()) },
    };
    const info = infoType === 'all' ? sections : { [infoType]: sections[infoType] ?? {} };
    ctx.out('info', info);
    ctx.out('os_name', `${system} ${release()}`);
    ctx.out('cpu_percent', cpuPercent);
    ctx.out('ram_percent', ramPercent);
    ctx.out('disk_percent', disk.percent);
  },
});
