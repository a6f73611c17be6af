// `tether generate [--check]`: regenerate every generated file (written only when changed);
// with --check, write nothing and exit 1 naming each stale file.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Out } from './output.ts';
import { generatedFiles, isStale } from './outputs.ts';

export function runGenerate(root: string, check: boolean, out: Out): number {
  const files = generatedFiles(root);
  const stale = files.filter((f) => isStale(root, f));
  if (check) {
    for (const f of stale) out.write(`stale: ${f.path} (run \`npm run generate\`)\n`);
    out.write(stale.length === 0 ? `${files.length} generated files up to date\n` : `${stale.length} of ${files.length} generated files stale\n`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const f of stale) {
    mkdirSync(dirname(`${root}/${f.path}`), { recursive: true });
    writeFileSync(`${root}/${f.path}`, f.content);
    out.write(`wrote ${f.path}\n`);
  }
  out.write(`${files.length - stale.length} unchanged, ${stale.length} written\n`);
  return 0;
}
