/**
 * A throwaway PostgreSQL cluster for one test run: temp data + socket dirs, initdb, pg_ctl start
 * on a free 127.0.0.1 port, and `stop()` that always stops the server and deletes the dirs.
 *
 * States: (startPostgres) → running → (stop) → stopped. A process-exit hook stops a cluster the
 * caller forgot (or a crashed run left) with `pg_ctl -m immediate`, so no postmaster outlives
 * the test process. As root, the server runs as `postgres` via runuser: initdb refuses root, and
 * a socket dir owned by root makes the postmaster die silently (notes/packages.md).
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, chmodSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

// Typed `inject('casarePg')` for the run's cluster (provided by pg-global-setup.ts).
declare module 'vitest' {
  export interface ProvidedContext {
    casarePg: PgConnectionInfo | null;
  }
}

/** What tests need to connect; plain data so it can cross vitest's provide/inject. */
export interface PgConnectionInfo {
  host: string;
  port: number;
  user: string;
  /** Connection string for the `postgres` maintenance database. */
  connectionString: string;
}

export interface PgCluster extends PgConnectionInfo {
  dataDir: string;
  socketDir: string;
  /** CREATE DATABASE `name` (must match /^[a-z_][a-z0-9_]*$/); returns its connection string. */
  createDatabase(name: string): Promise<string>;
  /** Stop the server and delete its files. Safe to call twice; never throws for cleanup. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
}

const PG_ROOT = '/usr/lib/postgresql';
const DB_NAME_RE = /^[a-z_][a-z0-9_]*$/;

/** The bin dir of the highest installed PostgreSQL major version, or undefined. */
export function findPgBin(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => /^\d+(\.\d+)?$/.test(v) && existsSync(join(PG_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions.length ? join(PG_ROOT, versions[0]!, 'bin') : undefined;
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** Argv that runs `cmd` as the postgres user when we are root, directly otherwise. */
function asServerUser(cmd: string, args: string[]): [string, string[]] {
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

interface RunResult {
  code: number | null;
  output: string;
}

// Resolves on 'exit', not 'close': pg_ctl's postmaster child may keep inherited pipes open.
function run(cmd: string, args: string[]): Promise<RunResult> {
  const [file, argv] = asServerUser(cmd, args);
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function makeServerDir(path: string): void {
  if (isRoot()) {
    execFileSync('install', ['-d', '-o', 'postgres', '-g', 'postgres', '-m', '700', path]);
  } else {
    mkdirSync(path, { mode: 0o700 });
  }
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(-2000);
  } catch {
    return '';
  }
}

/** Start a cluster. Throws (with the server log) when PostgreSQL is missing or will not start. */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) throw new Error(`PostgreSQL not found under ${PG_ROOT}/<version>/bin (apt-get install -y postgresql)`);
  const base = mkdtempSync(join(tmpdir(), 'casare-pg-'));
  // mkdtemp makes 0700 root-owned dirs: the postgres user must be able to traverse into base.
  chmodSync(base, 0o755);
  const dataDir = join(base, 'data');
  const socketDir = join(base, 'sock');
  const logFile = join(socketDir, 'server.log');
  const pgCtl = join(bin, 'pg_ctl');
  let started = false;
  let exitHook: (() => void) | undefined;

  const removeFiles = (): void => {
    try {
      rmSync(base, { recursive: true, force: true });
    } catch {
      // best effort: a leftover temp dir must not fail a test run
    }
  };

  try {
    makeServerDir(dataDir);
    makeServerDir(socketDir);
    const init = await run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '-N']);
    if (init.code !== 0) throw new Error(`initdb failed (${init.code}): ${init.output.slice(-2000)}`);

    // Durability is pointless for a throwaway cluster; these make DDL-heavy tests much faster.
    const settings: Record<string, string | number> = {
      listen_addresses: '127.0.0.1',
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      ...options.settings,
    };
    let port = 0;
    let lastError = '';
    for (let attempt = 0; attempt < 3 && !started; attempt++) {
      port = await freePort();
      const opts = [`-p ${port}`, `-k ${socketDir}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
      const res = await run(pgCtl, ['-D', dataDir, '-l', logFile, '-o', opts, '-w', '-t', '60', 'start']);
      if (res.code === 0) started = true;
      else lastError = `${res.output}\n${readLog(logFile)}`;
    }
    if (!started) throw new Error(`pg_ctl start failed: ${lastError.slice(-3000)}`);

    exitHook = (): void => {
      try {
        const [file, argv] = asServerUser(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
        execFileSync(file, argv, { stdio: 'ignore' });
      } catch {
        // already stopped
      }
      removeFiles();
    };
    process.once('exit', exitHook);

    const host = '127.0.0.1';
    const user = 'postgres';
    const urlFor = (db: string): string => `postgresql://${user}@${host}:${port}/${db}`;
    let stopped = false;

    return {
      host,
      port,
      user,
      connectionString: urlFor('postgres'),
      dataDir,
      socketDir,
      async createDatabase(name: string): Promise<string> {
        if (!DB_NAME_RE.test(name)) throw new Error(`bad test database name: ${JSON.stringify(name)}`);
        await createDatabaseAt(urlFor('postgres'), name);
        return urlFor(name);
      },
      async stop(): Promise<void> {
        if (stopped) return;
        stopped = true;
        if (exitHook) process.removeListener('exit', exitHook);
        try {
          await run(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
        } finally {
          removeFiles();
        }
      },
    };
  } catch (err) {
    if (started) await run(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    if (exitHook) process.removeListener('exit', exitHook);
    removeFiles();
    throw err;
  }
}

/** CREATE DATABASE through an existing server's maintenance connection string. */
export async function createDatabaseAt(maintenanceUrl: string, name: string): Promise<void> {
  if (!DB_NAME_RE.test(name)) throw new Error(`bad test database name: ${JSON.stringify(name)}`);
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
