/**
 * An embedded Node-RED runtime: RED.init with a minimal settings object (no editor, no admin or
 * node HTTP endpoints, console logging at error level), flows written to a temporary userDir before
 * RED.start(). `send(flow, messages)` injects into a flow's first node and resolves when that many
 * messages reached its sink.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowNode } from './flows.js';

interface RedNode { receive(msg: Record<string, unknown>): void }
interface Red {
  init(settings: Record<string, unknown>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  nodes: { getNode(id: string): RedNode | null };
}

const SEND_TIMEOUT_MS = 300_000;

export interface EmbeddedNodeRed {
  /** Inject `messages` into `firstNodeId` and wait until `expect` of them reached `sink_<flow>`. */
  send(flow: string, firstNodeId: string, messages: readonly Record<string, unknown>[], expect?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startNodeRed(req: NodeJS.Require, flows: readonly FlowNode[], flowNames: readonly string[], globals: Record<string, unknown>): Promise<EmbeddedNodeRed> {
  const RED = req('node-red') as Red;
  const userDir = mkdtempSync(join(tmpdir(), 'casare-node-red-'));
  writeFileSync(join(userDir, 'flows.json'), JSON.stringify(flows));
  const waiting = new Map<string, { left: number; done: () => void }>();
  const sinks: Record<string, unknown> = {};
  for (const name of flowNames) {
    sinks[`sink_${name}`] = () => {
      const w = waiting.get(name);
      if (w !== undefined && --w.left === 0) { waiting.delete(name); w.done(); }
    };
  }
  RED.init({
    userDir,
    flowFile: 'flows.json',
    httpAdminRoot: false,
    httpNodeRoot: false,
    disableEditor: true,
    credentialSecret: false,
    logging: { console: { level: 'error', metrics: false, audit: false } },
    editorTheme: { projects: { enabled: false } },
    externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
    functionGlobalContext: { ...globals, ...sinks },
  });
  await RED.start();
  // Flows start asynchronously after start() resolves: wait until the first nodes exist.
  for (let i = 0; i < 200 && flowNames.some((n) => RED.nodes.getNode(`${n}_sink`) === null); i++) await new Promise((r) => setTimeout(r, 25));
  return {
    send(flow, firstNodeId, messages, expect = messages.length) {
      const node = RED.nodes.getNode(firstNodeId);
      if (node === null) return Promise.reject(new Error(`Node-RED node ${firstNodeId} not found`));
      let timer: NodeJS.Timeout | undefined;
      const done = new Promise<void>((resolve, reject) => {
        waiting.set(flow, { left: expect, done: () => { clearTimeout(timer); resolve(); } });
        timer = setTimeout(() => { waiting.delete(flow); reject(new Error(`Node-RED flow ${flow}: ${waiting.get(flow)?.left ?? '?'} message(s) missing after ${SEND_TIMEOUT_MS} ms`)); }, SEND_TIMEOUT_MS);
      });
      for (const m of messages) node.receive({ ...m });
      return done;
    },
    async stop() {
      await RED.stop();
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}
