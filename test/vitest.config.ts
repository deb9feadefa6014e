import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Lives under test/ so the top level keeps exactly the designed layout.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/support/pg-global-setup.ts', 'test/support/tmp-global-setup.ts'],
  },
});
