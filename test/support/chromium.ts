/**
 * Debian's Chromium for playwright-core tests. One browser per test file is the norm:
 *
 *   const browser = await chromium.launch(chromiumLaunchOptions());
 *
 * `chromiumAvailable()` lets a file skip on a developer machine without Chromium; under CI
 * `chromiumPath()` throws instead, so a missing browser fails loudly rather than skipping.
 */
import { accessSync, constants } from 'node:fs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Without these, Chromium on this closed network keeps trying Google hosts (refused, many at a
 * time) at every start (notes/packages.md). `--no-sandbox` is needed as root; playwright-core
 * adds it by default (chromiumSandbox: false) but it is listed so a raw spawn works too.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--disable-quic',
  '--no-sandbox',
];

/** True when /usr/bin/chromium exists and is executable. */
export function chromiumAvailable(): boolean {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** '/usr/bin/chromium', or throws with the fix when it is missing. */
export function chromiumPath(): string {
  if (!chromiumAvailable()) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (.ci/run does this on CI)`);
  }
  return CHROMIUM_PATH;
}

export interface ChromiumLaunchOptions {
  executablePath: string;
  headless: boolean;
  args: string[];
}

/** Options for playwright-core `chromium.launch()`. */
export function chromiumLaunchOptions(extraArgs: readonly string[] = []): ChromiumLaunchOptions {
  return { executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_FLAGS, ...extraArgs] };
}
