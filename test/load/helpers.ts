/** Test helpers for load/: compressors for generated inputs and fake node specs. */
import { execFileSync, spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { getNodeSpec, registerNodes } from '../../src/nodes/registry.js';
import type { NodeSpec } from '../../src/nodes/types.js';
import { loadZstdCodecStreams } from '../../src/load/zstd-decompressor.js';

export const hasZstdCli = spawnSync('which', ['zstd']).status === 0;

export async function zstdCompress(data: Uint8Array): Promise<Buffer> {
  if (hasZstdCli) return execFileSync('zstd', ['-q', '-6', '-c'], { input: data, maxBuffer: 1 << 30 });
  const streams = await loadZstdCodecStreams();
  const c = new streams.ZstdCompressTransform(6);
  const out: Buffer[] = [];
  c.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve, reject) => { c.on('end', resolve); c.on('error', reject); });
  c.end(Buffer.from(data));
  await done;
  return Buffer.concat(out);
}

export function gzip(data: Uint8Array | string): Buffer {
  return gzipSync(typeof data === 'string' ? Buffer.from(data) : data);
}

/** 1 GiB of zeros as gzip, built from one 16 MiB member repeated (multi-member gzip is valid). */
export function gzipBombStream(totalBytes = 1024 * 1024 * 1024): Readable {
  const member = gzipSync(Buffer.alloc(16 * 1024 * 1024));
  const count = Math.ceil(totalBytes / (16 * 1024 * 1024));
  let sent = 0;
  return new Readable({
    read() {
      this.push(sent++ < count ? member : null);
    },
  });
}

const noop = (): void => {};

function spec(type: string, extra: Partial<NodeSpec> = {}): NodeSpec {
  return { type, category: 'test', inputs: [], outputs: [], run: noop, ...extra };
}

/** Test-only node types (the real registry is being filled in by others). */
export function registerTestNodes(): void {
  const specs: NodeSpec[] = [
    spec('LoadTestActionNode', { inputs: ['value'], outputs: ['result'], config: { mode: 'a' }, aliases: { old_mode: 'mode' } }),
    spec('LoadTestTriggerNode', { execIn: false, outputs: ['payload'] }),
  ];
  if (getNodeSpec('StartNode') === undefined) specs.push(spec('StartNode'));
  if (getNodeSpec('ForLoopStartNode') === undefined) specs.push(spec('ForLoopStartNode', { inputs: ['items'], execOutputs: ['body', 'completed'] }));
  if (getNodeSpec('ForLoopEndNode') === undefined) specs.push(spec('ForLoopEndNode'));
  registerNodes(specs);
}

export function node(id: string, type = 'LoadTestActionNode', config: Record<string, unknown> = {}): Record<string, unknown> {
  return { node_id: id, node_type: type, config, position: [0, 0] };
}

export function edge(source: string, target: string, sourcePort = 'exec_out', targetPort = 'exec_in'): Record<string, string> {
  return { source_node: source, source_port: sourcePort, target_node: target, target_port: targetPort };
}

export function workflow(nodes: Record<string, unknown>[], connections: unknown[] = [], extra: Record<string, unknown> = {}): Buffer {
  const obj: Record<string, unknown> = {};
  for (const n of nodes) obj[n['node_id'] as string] = n;
  return Buffer.from(JSON.stringify({ metadata: { name: 'test' }, nodes: obj, connections, variables: {}, settings: {}, ...extra }));
}
