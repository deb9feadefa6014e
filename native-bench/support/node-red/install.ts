/**
 * Node-RED for the comparison bench: `node-red@4` installed into a cache directory with the npm
 * client (never a project dependency), then required from there. Install scripts are skipped: the
 * runtime needs no native build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type NodeRedLoad =
  | { readonly ok: true; readonly dir: string; readonly version: string; readonly require: NodeJS.Require }
  | { readonly ok: false; readonly reason: string };

/** CASARE_NODE_RED_DIR, else ~/.cache/casare-bench/node-red. */
export function nodeRedCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['CASARE_NODE_RED_DIR'] ?? join(homedir(), '.cache', 'casare-bench', 'node-red');
}

/** Make node-red@4 available in `dir` (installing it when `install` is true), or say why not. */
export function loadNodeRed(dir: string, install: boolean): NodeRedLoad {
  const pkg = join(dir, 'node_modules', 'node-red', 'package.json');
  if (!existsSync(pkg)) {
    if (!install) return { ok: false, reason: `node-red is not installed in ${dir} (smoke mode does not install it)` };
    try {
      mkdirSync(dir, { recursive: true });
      execFileSync('npm', ['install', '--prefix', dir, 'node-red@4', '--no-audit', '--no-fund', '--omit=dev', '--ignore-scripts', '--loglevel=error'],
        { stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
    } catch (e) {
      const err = e as { stderr?: Buffer; message?: string };
      const detail = err.stderr?.toString().trim().split('\n').slice(-3).join(' | ') || err.message || String(e);
      return { ok: false, reason: `npm install --prefix ${dir} node-red@4 failed: ${detail}` };
    }
    if (!existsSync(pkg)) return { ok: false, reason: `npm install finished but ${pkg} is missing` };
  }
  const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  if (!version.startsWith('4.')) return { ok: false, reason: `${dir} holds node-red ${version}, not 4.x (remove the directory to reinstall)` };
  return { ok: true, dir, version, require: createRequire(join(dir, 'package.json')) };
}
