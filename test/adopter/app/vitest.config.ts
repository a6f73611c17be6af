import { defineConfig } from 'vitest/config';

// The sources' tests only: tsc also compiles the suites into dist/.
export default defineConfig({ test: { include: ['src/**/*.test.ts'] } });
