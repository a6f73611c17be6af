// `npm run build` (and `prepack`, so `npm pack` and `npm publish` always ship a fresh build):
// compiles the toolkit to JavaScript with declarations in dist/ (tsc with this folder's
// tsconfig.json: `.ts` imports rewritten to `.js`), then copies the files the code reads at
// run time: every file under generator/ that is not TypeScript source (the parser, the TLA+
// templates, the watchdog, the example spec, the config schema), and the engine's runtime
// helpers, which the engine emitter reads as text. The mutation tool stays out: it is for
// this repository.

import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const source = join(root, 'generator');
const dist = join(root, 'dist');
// bin.mjs runs the sources through tsx (this repository's `npm run tether`); the package's bin is
// the compiled cli/entry.js.
const SKIPPED = new Set(['mutate', 'package', 'cli/bin.mjs']);
const READ_AS_TEXT = new Set(['emit-ts/runtime-helpers.ts']);

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(source, 'package/tsconfig.json')],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) {
  process.stderr.write('build: tsc failed\n');
  process.exit(1);
}

let copied = 0;
const copy = (dir: string): void => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    const rel = relative(source, path).split('\\').join('/');
    if (e.isDirectory()) {
      if (!SKIPPED.has(rel)) copy(path);
    } else if (SKIPPED.has(rel)) {
      continue;
    } else if (!e.name.endsWith('.ts') || e.name.endsWith('.d.ts') || READ_AS_TEXT.has(rel)) {
      const target = join(dist, rel);
      cpSync(path, target);
      copied++;
    }
  }
};
copy(source);
process.stdout.write(`build: compiled generator/ to dist/ and copied ${copied} run-time files\n`);
