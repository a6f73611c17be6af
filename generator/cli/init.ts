// `tether init`: adds Tether to an existing project (issue 12 item 3): tether.config.json, an
// example spec (spec/order.tether) and npm scripts. It never overwrites: a file or script that
// is already there is left as it is and named as skipped. The config puts the outputs in
// src/generated/ when the project has a src/ folder (else generated/), TLA+ in tla/, and picks
// the generated suites' import extension from tsconfig.json: `.ts` only where
// allowImportingTsExtensions is on, else `.js` (which TypeScript resolves to the .ts source).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE } from '../project/config.ts';
import type { ImportExtension } from '../project/layout.ts';
import { writeFilesAtomically, WriteFilesError } from '../write-files.ts';
import { CliError } from './io.ts';
import type { Out } from './output.ts';

const EXAMPLE = new URL('../project/init/order.tether', import.meta.url);

export const INIT_SCRIPTS: Readonly<Record<string, string>> = {
  'tether:lint': 'tether lint',
  'tether:check': 'tether check',
  'tether:generate': 'tether generate',
};

export function runInit(root: string, extension: string | undefined, out: Out): number {
  if (extension !== undefined && extension !== '.js' && extension !== '.ts')
    throw new CliError(`--import-extension takes .js or .ts, not '${extension}'`);
  const ext = (extension as ImportExtension | undefined) ?? extensionFromTsconfig(root);
  const engines = existsSync(join(root, 'src')) ? 'src/generated' : 'generated';
  const config = {
    $schema: './node_modules/tether-spec/dist/project/config.schema.json',
    specs: ['spec/*.tether'],
    tla: 'tla',
    engines,
    importExtension: ext,
  };
  const files: { path: string; content: string }[] = [];
  const skipped: string[] = [];
  const add = (path: string, content: () => string): void => {
    if (existsSync(join(root, path))) skipped.push(`${path} (it exists)`);
    else files.push({ path, content: content() });
  };
  add(CONFIG_FILE, () => `${JSON.stringify(config, null, 2)}\n`);
  add('spec/order.tether', () => readFileSync(EXAMPLE, 'utf8'));
  // npm scripts, added to package.json without touching anything else in it.
  const added: string[] = [];
  const pkgPath = join(root, 'package.json');
  if (!existsSync(pkgPath)) skipped.push('npm scripts (no package.json here)');
  else {
    const text = readFileSync(pkgPath, 'utf8');
    let pkg: { scripts?: Record<string, unknown> } & Record<string, unknown>;
    try {
      pkg = JSON.parse(text) as typeof pkg;
    } catch (error) {
      throw new CliError(`package.json: not valid JSON (${(error as Error).message})`);
    }
    if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg))
      throw new CliError('package.json: not a JSON object');
    const scripts = { ...(typeof pkg.scripts === 'object' && pkg.scripts ? pkg.scripts : {}) };
    for (const [name, command] of Object.entries(INIT_SCRIPTS))
      if (name in scripts) skipped.push(`npm script ${name} (it exists)`);
      else {
        scripts[name] = command;
        added.push(name);
      }
    if (added.length > 0) {
      const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
      files.push({
        path: 'package.json',
        content: `${JSON.stringify({ ...pkg, scripts }, null, indent)}\n`,
      });
    }
  }
  try {
    writeFilesAtomically(root, files);
  } catch (error) {
    if (error instanceof WriteFilesError) throw new CliError(error.message);
    throw error;
  }
  for (const f of files)
    out.write(
      f.path === 'package.json'
        ? `added npm scripts ${added.join(', ')} to package.json\n`
        : `wrote ${f.path}\n`,
    );
  for (const s of skipped) out.write(`skipped ${s}\n`);
  out.write(
    `outputs: TLA+ in tla/, engines and suites in ${engines}/ (imports end in ${ext}); edit ${CONFIG_FILE} to change them\n` +
      `next: tether check (model-check the specs and generate their outputs), then run your tests\n`,
  );
  return 0;
}

/** `.ts` when the project's tsconfig.json allows importing .ts files, else `.js`. */
export function extensionFromTsconfig(root: string): ImportExtension {
  let text;
  try {
    text = readFileSync(join(root, 'tsconfig.json'), 'utf8');
  } catch {
    return '.js';
  }
  // tsconfig.json is JSON with comments: a regular expression is enough for one boolean.
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\/|(^|[^:"])\/\/.*$/gm, '$1');
  return /"allowImportingTsExtensions"\s*:\s*true/.test(withoutComments) ? '.ts' : '.js';
}
