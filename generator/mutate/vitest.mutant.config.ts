// The vitest config of a mutation run: the conformance suite's import of its engine
// (`./<machine>.ts`) is redirected to the mutant (TETHER_MUTANT_OF → TETHER_MUTANT).

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const of = process.env['TETHER_MUTANT_OF'];
const mutant = process.env['TETHER_MUTANT'];
if (!of || !mutant)
  throw new Error('TETHER_MUTANT_OF and TETHER_MUTANT must be set (npm run mutate sets them)');
const escaped = of.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export default defineConfig({
  resolve: {
    alias: [
      { find: new RegExp(`^${escaped}$`), replacement: mutant },
      // The suite's runtime, as in vitest.config.ts.
      {
        find: /^tether-spec\/conformance$/,
        replacement: fileURLToPath(new URL('../conformance/harness.ts', import.meta.url)),
      },
    ],
  },
  test: { reporters: ['dot'], bail: 1 },
});
