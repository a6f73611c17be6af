#!/usr/bin/env node
// The `tether` command as installed (package.json "bin": dist/cli/entry.js, compiled from this
// file); in this repository, bin.mjs runs it from source.
import { exitOnSignals, main } from './main.ts';

// A closed pipe (`tether lint ... | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });

exitOnSignals();
process.exitCode = await main(process.argv.slice(2));
