// Issue 12 item 2: the project config. parseConfig holds every rule config.schema.json states
// (the schema is what editors read; the two must agree), each mistake named with its line; the
// spec globs; the project found at or above the working folder.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_SPECS,
  findConfig,
  loadProject,
  parseConfig,
  projectSpecPath,
  projectSpecs,
} from '../../generator/project/config.ts';
import { expandGlob, globToRegExp } from '../../generator/project/glob.ts';
import { DEFAULT_LAYOUT, relativeSpecifier } from '../../generator/project/layout.ts';

const schema = JSON.parse(
  readFileSync(new URL('../../generator/project/config.schema.json', import.meta.url), 'utf8'),
) as {
  additionalProperties: boolean;
  properties: Record<string, { default?: unknown; enum?: unknown[] }>;
};

const parse = (config: object | string) =>
  parseConfig(
    typeof config === 'string' ? config : JSON.stringify(config, null, 2),
    'tether.config.json',
  );

/** The parts of JSON Schema config.schema.json uses (type, enum, minLength, minItems, items,
 *  pattern, $ref to $defs, additionalProperties: false): whether `value` is valid. */
function schemaAccepts(node: Record<string, unknown>, value: unknown): boolean {
  const ref = node['$ref'];
  if (typeof ref === 'string') {
    const defs = (schema as unknown as { $defs: Record<string, Record<string, unknown>> }).$defs;
    if (!schemaAccepts(defs[ref.replace('#/$defs/', '')]!, value)) return false;
  }
  const type = node['type'];
  if (type === 'object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const props = node['properties'] as Record<string, Record<string, unknown>>;
    return Object.entries(value).every(([k, v]) =>
      Object.hasOwn(props, k)
        ? schemaAccepts(props[k]!, v)
        : node['additionalProperties'] !== false,
    );
  }
  if (type === 'array') {
    if (!Array.isArray(value) || value.length < ((node['minItems'] as number) ?? 0)) return false;
    return value.every((v) => schemaAccepts(node['items'] as Record<string, unknown>, v));
  }
  if (type === 'string') {
    if (typeof value !== 'string' || value.length < ((node['minLength'] as number) ?? 0))
      return false;
    if (typeof node['pattern'] === 'string' && !new RegExp(node['pattern'], 'u').test(value))
      return false;
  }
  if (Array.isArray(node['enum']) && !node['enum'].includes(value)) return false;
  return true;
}

describe('config.schema.json and parseConfig agree', () => {
  it.each([
    [{}, true],
    [{ $schema: 'x.json', specs: ['a/*.tether'], tla: 't', engines: 'e', suites: 's' }, true],
    [{ importExtension: '.js' }, true],
    [{ specs: ['./spec/*.tether', 'a/b/c.tether'] }, true],
    [{ tla: 'models/tla/' }, true],
    [{ $schema: 3 }, false],
    [{ spec: ['a'] }, false],
    [{ specs: [] }, false],
    [{ specs: [''] }, false],
    [{ specs: [' '] }, false],
    [{ specs: ['../x/*.tether'] }, false],
    [{ specs: ['a/../../x.tether'] }, false],
    [{ tla: '' }, false],
    [{ tla: '  ' }, false],
    [{ tla: '/abs' }, false],
    [{ tla: '\\\\server\\share' }, false],
    [{ engines: 'C:\\gen' }, false],
    [{ engines: '..' }, false],
    [{ engines: 'a/..' }, false],
    [{ suites: '..\\up' }, false],
    [{ suites: '..foo' }, true],
    [{ importExtension: '.mjs' }, false],
    [{ tla: 7 }, false],
  ])('%j: valid is %s in both', (config, valid) => {
    expect(schemaAccepts(schema as unknown as Record<string, unknown>, config)).toBe(valid);
    let accepted = true;
    try {
      parse(config);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      accepted = false;
    }
    expect(accepted).toBe(valid);
  });
});

describe('parseConfig', () => {
  it('gives the defaults for {} (this repository’s layout), which are the schema’s', () => {
    expect(parse({})).toEqual({ specs: DEFAULT_SPECS, layout: DEFAULT_LAYOUT });
    expect(schema.properties['specs']!.default).toEqual(DEFAULT_SPECS);
    expect(schema.properties['tla']!.default).toBe(DEFAULT_LAYOUT.tla);
    expect(schema.properties['engines']!.default).toBe(DEFAULT_LAYOUT.engines);
    expect(schema.properties['importExtension']!.default).toBe(DEFAULT_LAYOUT.importExtension);
    expect(schema.properties['importExtension']!.enum).toEqual(['.js', '.ts']);
  });

  it('accepts every key of the schema, and the suites follow the engines unless given', () => {
    const keys = Object.keys(schema.properties).sort();
    expect(keys).toEqual(['$schema', 'engines', 'importExtension', 'specs', 'suites', 'tla']);
    expect(
      parse({
        $schema: './node_modules/tether-spec/dist/project/config.schema.json',
        specs: ['machines/**/*.tether', './extra/one.tether'],
        tla: 'models/tla/',
        engines: 'src/generated',
        importExtension: '.js',
      }),
    ).toEqual({
      specs: ['machines/**/*.tether', 'extra/one.tether'],
      layout: {
        tla: 'models/tla',
        engines: 'src/generated',
        suites: 'src/generated',
        importExtension: '.js',
      },
    });
    expect(parse({ engines: 'src/gen', suites: 'test/gen' }).layout.suites).toBe('test/gen');
  });

  it.each([
    [
      { spec: ['a'] },
      ':2: "spec" is not a config key (the keys are specs, tla, engines, suites, importExtension)',
    ],
    [{ specs: 'spec/*.tether' }, ':2: "specs" must be a non-empty array of globs'],
    [{ specs: [] }, ':2: "specs" must be a non-empty array of globs'],
    [{ specs: ['ok', 3] }, ':2: "specs" must be a non-empty array of globs'],
    [{ tla: '' }, ':2: "tla" must be a folder path (a non-empty string)'],
    [{ engines: 7 }, ':2: "engines" must be a folder path'],
    [
      { engines: '/abs/gen' },
      ':2: "engines" must be relative to the config\'s folder, not "/abs/gen"',
    ],
    [{ tla: 'C:\\tla' }, ':2: "tla" must be relative to the config\'s folder'],
    [
      { suites: '../elsewhere' },
      ':2: "suites" must stay inside the project (the config\'s folder), not "../elsewhere"',
    ],
    [{ specs: ['../other/*.tether'] }, ':2: "specs" must stay inside the project'],
    [{ importExtension: 'js' }, ':2: "importExtension" must be ".js" or ".ts", not "js"'],
    [
      { tla: 'tla', importExtension: '.mjs' },
      ':3: "importExtension" must be ".js" or ".ts", not ".mjs"',
    ],
  ])('refuses %j with its line', (config, message) => {
    expect(() => parse(config)).toThrow(ConfigError);
    expect(() => parse(config)).toThrow(`tether.config.json${message}`);
  });

  it('refuses what is not a JSON object, naming the line of a syntax error', () => {
    expect(() => parse('[]')).toThrow('tether.config.json:1: the config must be a JSON object');
    expect(() => parse('null')).toThrow('the config must be a JSON object');
    expect(() => parse('{\n  "specs": ["a"],\n  oops\n}')).toThrow(
      /^tether\.config\.json:3: not valid JSON/,
    );
  });

  it('reads a file with a byte-order mark, and names the line of a key, not of a value', () => {
    expect(parse('\uFEFF{"tla": "models"}').layout.tla).toBe('models');
    expect(() => parse('{\n  "engines": "tla",\n  "tla": "/abs"\n}')).toThrow(
      'tether.config.json:3: "tla" must be relative',
    );
  });

  it('is not fooled by prototype keys', () => {
    expect(() => parse('{"__proto__": {"tla": "x"}}')).toThrow('"__proto__" is not a config key');
    expect(() => parse('{"constructor": "x"}')).toThrow('"constructor" is not a config key');
  });
});

describe('spec globs', () => {
  it.each([
    ['spec/*.tether', 'spec/a.tether', true],
    ['spec/*.tether', 'spec/sub/a.tether', false],
    ['spec/*.tether', 'spec/a.tether.bak', false],
    ['**/*.tether', 'a.tether', true],
    ['**/*.tether', 'x/y/z.tether', true],
    ['machines/**/*.tether', 'machines/a.tether', true],
    ['machines/**/*.tether', 'machines/p/q/a.tether', true],
    ['machines/**/*.tether', 'other/a.tether', false],
    ['spec/{order,pay}.tether', 'spec/pay.tether', true],
    ['spec/{order,pay}.tether', 'spec/ship.tether', false],
    ['spec/?.tether', 'spec/a.tether', true],
    ['spec/?.tether', 'spec/ab.tether', false],
    ['spec/a+b.tether', 'spec/a+b.tether', true],
    ['spec/a+b.tether', 'spec/aab.tether', false],
  ])('%s matches %s: %s', (glob, path, matches) => {
    expect(globToRegExp(glob).test(path)).toBe(matches);
  });

  const root = mkdtempSync(join(tmpdir(), 'tether-glob-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  for (const f of [
    'spec/b.tether',
    'spec/a.tether',
    'spec/deep/c.tether',
    'node_modules/x/d.tether',
    '.hidden/e.tether',
    'spec/notes.md',
  ]) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), '');
  }

  it('expands a glob to the files it matches, sorted, never in node_modules or dot folders', () => {
    expect(expandGlob(root, 'spec/*.tether')).toEqual(['spec/a.tether', 'spec/b.tether']);
    expect(expandGlob(root, '**/*.tether')).toEqual([
      'spec/a.tether',
      'spec/b.tether',
      'spec/deep/c.tether',
    ]);
    expect(expandGlob(root, '.hidden/*.tether')).toEqual(['.hidden/e.tether']);
    expect(expandGlob(root, 'spec/a.tether')).toEqual(['spec/a.tether']);
    expect(expandGlob(root, 'spec/missing.tether')).toEqual([]);
    expect(expandGlob(root, 'nowhere/*.tether')).toEqual([]);
  });

  it('follows links to files, and to folders where the glob goes deeper, but not under **', () => {
    const linked = mkdtempSync(join(tmpdir(), 'tether-glob-links-'));
    try {
      mkdirSync(join(linked, 'real/sub'), { recursive: true });
      writeFileSync(join(linked, 'real/sub/a.tether'), '');
      mkdirSync(join(linked, 'spec'));
      symlinkSync(join(linked, 'real/sub/a.tether'), join(linked, 'spec/link.tether'));
      symlinkSync(join(linked, 'real/sub'), join(linked, 'spec/shared'));
      symlinkSync(join(linked, 'nowhere.tether'), join(linked, 'spec/dangling.tether'));
      symlinkSync(linked, join(linked, 'spec/loop'));
      expect(expandGlob(linked, 'spec/*.tether')).toEqual(['spec/link.tether']);
      expect(expandGlob(linked, 'spec/*/*.tether')).toEqual(['spec/shared/a.tether']);
      // Under ** a link to a folder is not entered (spec/loop would never end).
      expect(expandGlob(linked, 'spec/**/*.tether')).toEqual(['spec/link.tether']);
    } finally {
      rmSync(linked, { recursive: true, force: true });
    }
  });

  it('finds the project at or above the working folder, and its specs from there', () => {
    writeFileSync(
      join(root, 'tether.config.json'),
      JSON.stringify({ specs: ['spec/**/*.tether'], engines: 'out' }),
    );
    expect(findConfig(join(root, 'spec/deep'))).toBe(join(root, 'tether.config.json'));
    const project = loadProject(join(root, 'spec/deep'));
    expect(project.root).toBe(root);
    expect(project.layout.engines).toBe('out');
    expect(projectSpecs(project)).toEqual(['spec/a.tether', 'spec/b.tether', 'spec/deep/c.tether']);
    expect(projectSpecPath(project, 'c.tether', join(root, 'spec/deep'))).toBe(
      'spec/deep/c.tether',
    );
    expect(projectSpecPath(project, join(root, 'spec/notes.md'), root)).toBeNull();
    expect(projectSpecPath(project, '/elsewhere/x.tether', root)).toBeNull();
    expect(() => loadProject(root, 'missing.json')).toThrow(
      `cannot read '${join(root, 'missing.json')}': no such file`,
    );
  });
});

describe('relativeSpecifier', () => {
  it.each([
    ['generated', 'generated/a.ts', './a.ts'],
    ['generated', 'tla/A.tla', '../tla/A.tla'],
    ['src/generated', 'tla/traces/A', '../../tla/traces/A'],
    ['test/gen', 'src/gen/a.js', '../../src/gen/a.js'],
    ['.', 'a.ts', './a.ts'],
  ])('from %s to %s is %s', (from, to, specifier) => {
    expect(relativeSpecifier(from, to)).toBe(specifier);
  });
});
