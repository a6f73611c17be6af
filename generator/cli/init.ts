// `tether init`: adds Tether to an existing project (issue 12 item 3): tether.config.json, an
// example spec (spec/order.tether) and npm scripts. It never overwrites: a file or script that
// is already there is left as it is and named as skipped. The config puts the outputs in
// src/generated/ when the project has a src/ folder (else generated/), TLA+ in tla/, and picks
// the generated suites' import extension from tsconfig.json: `.ts` only where
// allowImportingTsExtensions is on, else `.js` (which TypeScript resolves to the .ts source).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE, ConfigError, findConfig, loadProject } from '../project/config.ts';
import type { ImportExtension } from '../project/layout.ts';
import { CliError, writeOutputs } from './io.ts';
import type { Out } from './output.ts';

const EXAMPLE = new URL('../project/init/order.tether', import.meta.url);

export const INIT_SCRIPTS: Readonly<Record<string, string>> = {
  'tether:lint': 'tether lint',
  'tether:check': 'tether check',
  'tether:generate': 'tether generate',
};

/** Where init works: the project of a tether.config.json at or above `cwd`, else the nearest
 *  folder with a package.json, else `cwd`. */
export function initRoot(cwd: string): string {
  const config = findConfig(cwd);
  if (config) return dirname(config);
  for (let d = resolve(cwd); ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) return resolve(cwd);
  }
}

export function runInit(cwd: string, extension: string | undefined, out: Out): number {
  const root = initRoot(cwd);
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
  // npm scripts, inserted into package.json as text: every other byte of it stays as it is.
  const added: string[] = [];
  const pkgPath = join(root, 'package.json');
  if (!existsSync(pkgPath)) skipped.push('npm scripts (no package.json here)');
  else {
    const text = readFileSync(pkgPath, 'utf8');
    let pkg: unknown;
    try {
      pkg = JSON.parse(text);
    } catch (error) {
      throw new CliError(`package.json: not valid JSON (${(error as Error).message})`);
    }
    if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg))
      throw new CliError('package.json: not a JSON object');
    const existing = (pkg as { scripts?: unknown }).scripts;
    if (
      existing !== undefined &&
      (typeof existing !== 'object' || existing === null || Array.isArray(existing))
    )
      throw new CliError('package.json: "scripts" is not an object');
    const scripts: Record<string, string> = {};
    for (const [name, command] of Object.entries(INIT_SCRIPTS))
      if (existing && Object.hasOwn(existing, name)) skipped.push(`npm script ${name} (it exists)`);
      else {
        scripts[name] = command;
        added.push(name);
      }
    if (added.length > 0) files.push({ path: 'package.json', content: addScripts(text, scripts) });
  }
  writeOutputs(root, files);
  for (const f of files)
    out.write(
      f.path === 'package.json'
        ? `added npm scripts ${added.join(', ')} to package.json\n`
        : `wrote ${f.path}\n`,
    );
  for (const s of skipped) out.write(`skipped ${s}\n`);
  out.write(`${outputsLine(root, files.some((f) => f.path === CONFIG_FILE) ? config : null)}\n`);
  out.write(
    'next: tether check (model-check the specs and generate their outputs), then run your tests\n',
  );
  return 0;
}

/** Where the outputs go: as the config init wrote says, or as the one it left says. */
function outputsLine(
  root: string,
  written: { engines: string; importExtension: string } | null,
): string {
  if (written)
    return `outputs: TLA+ in tla/, engines and suites in ${written.engines}/ (imports end in ${written.importExtension}); edit ${CONFIG_FILE} to change them`;
  try {
    const { layout } = loadProject(root, join(root, CONFIG_FILE));
    const suites = layout.suites === layout.engines ? '' : `, suites in ${layout.suites}/`;
    return `outputs (as the existing ${CONFIG_FILE} says): TLA+ in ${layout.tla}/, engines in ${layout.engines}/${suites} (imports end in ${layout.importExtension})`;
  } catch (error) {
    if (error instanceof ConfigError)
      return `the existing ${CONFIG_FILE} does not load: ${error.message}`;
    throw error;
  }
}

/** package.json's text with `scripts` added to its "scripts" object (made when there is none),
 *  in the file's own indentation and line ends; nothing else in the text changes. */
export function addScripts(text: string, scripts: Readonly<Record<string, string>>): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
  const { rootClose, scriptsOpen, scriptsClose } = scanPackageJson(text);
  const entries = (indent: string): string =>
    Object.entries(scripts)
      .map(([k, v]) => `${indent}${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(`,${eol}`);
  if (scriptsOpen !== -1) {
    const inside = text.slice(scriptsOpen + 1, scriptsClose);
    const indent = /\n([ \t]+)"/.exec(inside)?.[1] ?? unit + unit;
    const body = inside.replace(/\s+$/, '');
    const tail = text.slice(scriptsOpen + 1 + body.length, scriptsClose);
    const lastLine = /(?:^|\n)([ \t]*)$/.exec(tail)?.[1] ?? unit;
    const sep = body.trim() === '' ? '' : ',';
    return `${text.slice(0, scriptsOpen + 1)}${body}${sep}${eol}${entries(indent)}${eol}${lastLine}${text.slice(scriptsClose)}`;
  }
  const before = text.slice(0, rootClose).replace(/\s+$/, '');
  const sep = before.endsWith('{') ? '' : ',';
  return `${before}${sep}${eol}${unit}"scripts": {${eol}${entries(unit + unit)}${eol}${unit}}${eol}${text.slice(rootClose)}`;
}

/** The offsets of the root object's closing brace and of the braces of its "scripts" object
 *  (-1 when there is none), in valid JSON text. */
function scanPackageJson(text: string): {
  rootClose: number;
  scriptsOpen: number;
  scriptsClose: number;
} {
  let depth = 0;
  let rootClose = -1;
  let scriptsOpen = -1;
  let scriptsClose = -1;
  let lastKey: string | null = null;
  let pendingKey: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const str = JSON.parse(text.slice(i, j + 1)) as string;
      // A key of the root object is a string at depth 1 followed by a colon.
      if (depth === 1 && /^\s*:/.test(text.slice(j + 1))) pendingKey = str;
      i = j;
    } else if (c === ':') {
      lastKey = pendingKey;
      pendingKey = null;
    } else if (c === '{' || c === '[') {
      if (depth === 1 && c === '{' && lastKey === 'scripts') scriptsOpen = i;
      if (depth === 1) lastKey = null;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 1 && scriptsOpen !== -1 && scriptsClose === -1 && c === '}') scriptsClose = i;
      if (depth === 0) rootClose = i;
    } else if (c === ',' && depth === 1) lastKey = null;
  }
  return { rootClose, scriptsOpen, scriptsClose };
}

/** `.ts` when the project's tsconfig.json (or one it extends) turns allowImportingTsExtensions
 *  on, else `.js`. */
export function extensionFromTsconfig(root: string): ImportExtension {
  let file = join(root, 'tsconfig.json');
  for (let hops = 0; hops < 10; hops++) {
    let config: { compilerOptions?: { allowImportingTsExtensions?: unknown }; extends?: unknown };
    try {
      config = JSON.parse(stripJsonComments(readFileSync(file, 'utf8'))) as typeof config;
    } catch {
      return '.js'; // none, or not readable: the extension every setup resolves
    }
    const allow = config?.compilerOptions?.allowImportingTsExtensions;
    if (allow !== undefined) return allow === true ? '.ts' : '.js';
    // `extends`: one path (a relative file or a package's), or the last of several that says.
    const bases = Array.isArray(config?.extends)
      ? [...config.extends].reverse()
      : [config?.extends];
    const base = bases.find((b): b is string => typeof b === 'string');
    if (base === undefined) return '.js';
    const dir = dirname(file);
    const candidates = base.startsWith('.')
      ? [resolve(dir, base), resolve(dir, `${base}.json`)]
      : [
          join(root, 'node_modules', base),
          join(root, 'node_modules', `${base}.json`),
          join(root, 'node_modules', base, 'tsconfig.json'),
        ];
    const next = candidates.find((c) => c.endsWith('.json') && existsSync(c));
    if (next === undefined) return '.js';
    file = next;
  }
  return '.js';
}

/** JSON with comments (tsconfig.json's format) as JSON: comments and trailing commas removed,
 *  strings left as they are (a "/*" or "//" inside one is text). */
export function stripJsonComments(text: string): string {
  /** `text` with each character outside strings passed through `f` (i, out) → next i. */
  const outsideStrings = (input: string, f: (i: number, out: string[]) => number): string => {
    const out: string[] = [];
    for (let i = 0; i < input.length; i++) {
      if (input[i] === '"') {
        let j = i + 1;
        while (j < input.length && input[j] !== '"') j += input[j] === '\\' ? 2 : 1;
        out.push(input.slice(i, j + 1));
        i = j;
      } else i = f(i, out);
    }
    return out.join('');
  };
  const noComments = outsideStrings(text, (i, out) => {
    if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      out.push('\n');
      return end < 0 ? text.length : end;
    }
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      out.push(' ');
      return end < 0 ? text.length : end + 1;
    }
    out.push(text[i]!);
    return i;
  });
  return outsideStrings(noComments, (i, out) => {
    if (!(noComments[i] === ',' && /^\s*[}\]]/.test(noComments.slice(i + 1))))
      out.push(noComments[i]!);
    return i;
  });
}
