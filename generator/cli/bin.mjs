#!/usr/bin/env node
// The `tether` command. Loads the TypeScript toolkit through tsx and runs the CLI.
import { register } from 'tsx/esm/api';

// A closed pipe (`tether lint ... | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });

register();
const { main, exitOnSignals } = await import('./main.ts');
exitOnSignals();
process.exitCode = await main(process.argv.slice(2));
