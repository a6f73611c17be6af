// The project a command runs in (issue 12 item 2): its root, its specs and where their outputs
// go. A project is the folder of the nearest tether.config.json at or above the working folder
// (or the one --config names); without one it is the working folder with the defaults, which
// are this repository's own layout (spec/*.tether, tla/, generated/). The file's shape is
// config.schema.json, which editors read; parseConfig enforces the same rules with a message
// and a line for each mistake.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { expandGlob, globToRegExp } from './glob.ts';
import { DEFAULT_LAYOUT, type ImportExtension, type OutputLayout } from './layout.ts';

export const CONFIG_FILE = 'tether.config.json';
export const DEFAULT_SPECS: readonly string[] = ['spec/*.tether'];

export interface Project {
  /** The project's folder (absolute): paths in the config, and the outputs, are relative to it. */
  readonly root: string;
  /** The config file read (absolute), or null when the defaults apply. */
  readonly configFile: string | null;
  /** Globs of the project's specs, relative to root. */
  readonly specs: readonly string[];
  readonly layout: OutputLayout;
}

/** A config that cannot be read or breaks a rule; the message starts with its location. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The nearest tether.config.json at or above `dir`, or null. */
export function findConfig(dir: string): string | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const file = join(d, CONFIG_FILE);
    if (existsSync(file)) return file;
    if (dirname(d) === d) return null;
  }
}

/** The project of the working folder `cwd`; `configFile` as --config gives it. */
export function loadProject(cwd: string, configFile?: string): Project {
  const file = configFile === undefined ? findConfig(cwd) : resolve(cwd, configFile);
  if (file === null) return { root: resolve(cwd), configFile: null, ...defaults() };
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `cannot read '${file}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message}`,
    );
  }
  return { root: dirname(file), configFile: file, ...parseConfig(text, file) };
}

function defaults(): Pick<Project, 'specs' | 'layout'> {
  return { specs: DEFAULT_SPECS, layout: DEFAULT_LAYOUT };
}

const KEYS = ['$schema', 'specs', 'tla', 'engines', 'suites', 'importExtension'] as const;

/** The config's specs and layout; a mistake is a ConfigError naming the file, line and key. */
export function parseConfig(text: string, file: string): Pick<Project, 'specs' | 'layout'> {
  let value: unknown;
  text = text.replace(/^\uFEFF/, ''); // a byte-order mark, as some Windows editors save
  try {
    value = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    const where = at ? `:${lineOf(text, Number(at[1]))}` : '';
    throw new ConfigError(`${file}${where}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ConfigError(`${file}:1: the config must be a JSON object`);
  const config = value as Record<string, unknown>;
  const fail = (key: string, why: string): never => {
    // The key where it is a key (followed by a colon), not a value that spells it.
    const quoted = JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const at = new RegExp(`${quoted}\\s*:`).exec(text)?.index ?? -1;
    throw new ConfigError(`${file}:${at < 0 ? 1 : lineOf(text, at)}: "${key}" ${why}`);
  };
  for (const key of Object.keys(config))
    if (!(KEYS as readonly string[]).includes(key))
      fail(
        key,
        `is not a config key (the keys are ${KEYS.filter((k) => k !== '$schema').join(', ')})`,
      );
  if (config['$schema'] !== undefined && typeof config['$schema'] !== 'string')
    fail('$schema', "must be a string (the schema's path or URL, for editors)");
  const folder = (key: string, fallback: string): string => {
    const v = config[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || v.trim() === '')
      return fail(key, 'must be a folder path (a non-empty string)');
    return projectPath(v, (why) => fail(key, why));
  };
  let specs = DEFAULT_SPECS;
  if (config['specs'] !== undefined) {
    const s = config['specs'];
    if (
      !Array.isArray(s) ||
      s.length === 0 ||
      s.some((g) => typeof g !== 'string' || g.trim() === '')
    )
      fail('specs', 'must be a non-empty array of globs (strings), e.g. ["spec/*.tether"]');
    specs = (s as string[]).map((g) => projectPath(g, (why) => fail('specs', why)));
  }
  const engines = folder('engines', DEFAULT_LAYOUT.engines);
  const ext = config['importExtension'];
  if (ext !== undefined && ext !== '.js' && ext !== '.ts')
    fail('importExtension', `must be ".js" or ".ts", not ${JSON.stringify(ext)}`);
  return {
    specs,
    layout: {
      tla: folder('tla', DEFAULT_LAYOUT.tla),
      engines,
      suites: folder('suites', engines),
      importExtension: (ext as ImportExtension | undefined) ?? DEFAULT_LAYOUT.importExtension,
    },
  };
}

/** A path inside the project: relative, forward slashes, no `..` out of it. */
function projectPath(path: string, fail: (why: string) => never): string {
  const p = path.replace(/\\/g, '/');
  if (isAbsolute(p) || /^[a-zA-Z]:/.test(p))
    return fail(`must be relative to the config's folder, not ${JSON.stringify(path)}`);
  // No `..` at all (the schema's pattern says the same): `a/../b` is refused too.
  if (p.split('/').includes('..'))
    return fail(`must stay inside the project (the config's folder), not ${JSON.stringify(path)}`);
  const normalized = posix.normalize(p).replace(/\/$/, '');
  return normalized === '' ? '.' : normalized;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** The project's spec files, relative to its root (forward slashes), sorted, each once. */
export function projectSpecs(project: Project): string[] {
  return [...new Set(project.specs.flatMap((g) => expandGlob(project.root, g)))].sort();
}

/** The spec at `path` (relative to `cwd` or absolute) as a path from the project root, when it
 *  is one of the project's specs (a glob matches it); otherwise null. */
export function projectSpecPath(project: Project, path: string, cwd: string): string | null {
  const rel = relative(project.root, resolve(cwd, path)).split(sep).join('/');
  if (!insideProject(rel)) return null;
  return project.specs.some((g) => globToRegExp(posix.normalize(g.replace(/^\.\//, ''))).test(rel))
    ? rel
    : null;
}

/** Whether a path relative to the project root (forward slashes, as path.relative gives it) is
 *  inside the project. */
export function insideProject(rel: string): boolean {
  return rel !== '..' && !rel.startsWith('../') && !isAbsolute(rel);
}

/** Where the config is, in messages: relative to the working folder. */
export function describeProject(project: Project, cwd: string): string {
  if (project.configFile === null)
    return `no ${CONFIG_FILE}; the defaults: specs ${DEFAULT_SPECS.join(', ')}`;
  const rel = relative(cwd, project.configFile).split(sep).join('/');
  return `${rel} (specs ${project.specs.join(', ')})`;
}
