#!/usr/bin/env node
// The `tether` command. Loads the TypeScript toolkit through tsx and runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
