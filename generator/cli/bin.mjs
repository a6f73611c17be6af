#!/usr/bin/env node
// The `tether` command in this repository: runs the CLI from its TypeScript sources through
// tsx (a devDependency). The package runs the compiled dist/cli/entry.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./entry.ts');
