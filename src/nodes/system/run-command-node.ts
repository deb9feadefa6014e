/**
 * RunCommandNode (nodes.md §15): runs a command without a shell (shlex-split) unless `shell`, with
 * CasareRPA's blocklist and injection checks, a timeout, and kill on cancellation.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { NodeFailure, defineNode } from '../types.js';
import type { NodeContext, NodeSpec } from '../types.js';
import { pyNumberStr, pyStr } from '../../lib/py/str.js';
import { pyTruthy } from '../../lib/py/compare.js';
import { pyFloat } from '../../lib/py/convert.js';
import { shellQuote, shellSplit } from './shell-split.js';

const BLOCKED: ReadonlySet<string> = new Set([
  'rm', 'del', 'format', 'fdisk', 'mkfs', 'wget', 'curl', 'invoke-webrequest', 'nc', 'netcat', 'ncat',
  'powershell', 'pwsh', 'cmd', 'reg', 'regedit', 'net', 'sc', 'shutdown', 'reboot',
]);
const DANGEROUS_CHARS = ['|', '&', ';', '$', '`', '(', ')', '{', '}', '<', '>', '\n', '\r'];

function dangerousChar(s: string): string | undefined {
  return DANGEROUS_CHARS.find((c) => s.includes(c));
}

function charText(c: string): string {
  return c === '\n' ? '\\n' : c === '\r' ? '\\r' : c;
}

interface Outcome { stdout: string; stderr: string; code: number }

function runProcess(ctx: NodeContext, file: string, args: string[], shell: boolean, cwd: string, timeoutS: number, capture: boolean): Promise<Outcome> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      cwd, shell: false, env: { ...process.env, ...ctx.services.env },
      stdio: ['ignore', capture ? 'pipe' : 'ignore', capture ? 'pipe' : 'ignore'],
      detached: shell && process.platform !== 'win32',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const kill = (): void => {
      try {
        if (child.pid !== undefined && shell && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch { /* already gone */ }
    };
    const timer = setTimeout(() => { timedOut = true; kill(); }, Math.max(0, timeoutS * 1000));
    const onAbort = (): void => kill();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const done = (): void => { clearTimeout(timer); ctx.signal.removeEventListener('abort', onAbort); };
    child.on('error', (e) => {
      done();
      const code = (e as NodeJS.ErrnoException).code;
      reject(code === 'ENOENT'
        ? new NodeFailure(`[Errno 2] No such file or directory: '${file}'`, 'FileNotFoundError')
        : e);
    });
    child.on('close', (code, sig) => {
      done();
      if (ctx.signal.aborted) { reject(ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('Aborted')); return; }
      if (timedOut) { reject(new NodeFailure(`Command timed out after ${pyNumberStr(timeoutS)}s`, 'TimeoutError')); return; }
      resolvePromise({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? (sig === null ? -1 : -1),
      });
    });
  });
}

export const runCommandNode: NodeSpec = defineNode({
  type: 'RunCommandNode',
  category: 'system',
  inputs: ['command', 'args'],
  outputs: ['stdout', 'stderr', 'return_code', 'success'],
  config: { command: '', args: '', shell: false, timeout: 60, working_dir: '', capture_output: true, allow_dangerous: false },
  cost: 'io',
  resources: ['process'],
  async run(ctx) {
    const cmdRaw = ctx.param('command');
    const command = cmdRaw === null || cmdRaw === undefined ? '' : pyStr(cmdRaw).trim();
    if (command === '') throw new NodeFailure('command is required', 'ValueError');
    const argsRaw = ctx.param('args');
    const shell = pyTruthy(ctx.param('shell'));
    if (!pyTruthy(ctx.param('allow_dangerous'))) {
      let first = (command.split(/\s+/)[0] ?? '').toLowerCase();
      for (const ext of ['.exe', '.cmd', '.bat']) if (first.endsWith(ext)) first = first.slice(0, -ext.length);
      if (BLOCKED.has(first)) {
        throw new NodeFailure(
          `Command '${first}' is blocked for security reasons. Set allow_dangerous=True in config to override (not recommended).`,
          'SecurityError',
        );
      }
      if (shell) {
        const c = dangerousChar(command) ?? (typeof argsRaw === 'string' ? dangerousChar(argsRaw) : undefined);
        if (c !== undefined) {
          throw new NodeFailure(
            `Dangerous character '${charText(c)}' detected in command. This could enable command injection. Use shell=False or set allow_dangerous=True to override.`,
            'SecurityError',
          );
        }
      }
    }
    const extra: string[] = Array.isArray(argsRaw) ? argsRaw.map((a) => pyStr(a)) : [];
    const argsText = typeof argsRaw === 'string' ? argsRaw : argsRaw !== null && argsRaw !== undefined && !Array.isArray(argsRaw) ? pyStr(argsRaw) : '';
    const wd = ctx.param('working_dir');
    const cwd = pyTruthy(wd) ? resolve(ctx.cwd, pyStr(wd)) : ctx.cwd;
    const timeout = pyFloat(ctx.param('timeout') ?? 60);
    const capture = pyTruthy(ctx.param('capture_output') ?? true);
    let r: Outcome;
    if (shell) {
      let line = command;
      if (argsText !== '') line += ' ' + argsText;
      for (const a of extra) line += ' ' + shellQuote(a);
      r = await runProcess(ctx, process.platform === 'win32' ? 'cmd.exe' : '/bin/sh', process.platform === 'win32' ? ['/c', line] : ['-c', line], true, cwd, timeout, capture);
    } else {
      const argv = shellSplit(argsText === '' ? command : `${command} ${argsText}`).concat(extra);
      r = await runProcess(ctx, argv[0]!, argv.slice(1), false, cwd, timeout, capture);
    }
    ctx.out('stdout', r.stdout);
    ctx.out('stderr', r.stderr);
    ctx.out('return_code', r.code);
    ctx.out('success', r.code === 0);
  },
});
