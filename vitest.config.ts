// The vitest settings of `npm test` and `npm run fuzz` (at the top because vitest looks for
// its config there; issue 11 item 8). Timeouts are explicit: a test gets 10 s and a hook 30 s
// unless it says otherwise, and every test that spawns a process (the CLI, TLC, tsc, a
// generated suite) or runs a long search sets its own timeout beside it. The tests are the
// suites under test/ and the generated conformance suites; .scratch/ (the pipeline harness's
// work) is not.

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The generated suites import their runtime as a user's do, from the package
  // (package.json "exports"); here it is the source.
  resolve: {
    alias: {
      'tether-spec/conformance': fileURLToPath(
        new URL('./generator/conformance/harness.ts', import.meta.url),
      ),
      'tether-spec/store': fileURLToPath(new URL('./generator/store/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts', 'generated/**/*.test.ts'],
    // The adopter's project (.ci/adopter runs it as a user's, against the packed tarball).
    exclude: ['test/adopter/app/**', '**/node_modules/**'],
    testTimeout: 10_000,
    hookTimeout: 30_000,
  },
});
