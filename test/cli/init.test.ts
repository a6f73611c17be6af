// `tether init`'s pieces (generator/cli/init.ts): npm scripts inserted into package.json as text
// (every other byte kept), tsconfig.json read as JSON with comments and followed through
// `extends`, and the folder init works in.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addScripts,
  extensionFromTsconfig,
  INIT_SCRIPTS,
  initRoot,
  stripJsonComments,
} from '../../generator/cli/init.ts';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tether-init-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('addScripts', () => {
  const SCRIPTS = { 'tether:lint': 'tether lint', 'tether:check': 'tether check' };
  it.each([
    ['no scripts, two spaces', '{\n  "name": "a"\n}\n'],
    ['no scripts, CRLF and tabs', '{\r\n\t"name": "a",\r\n\t"x": [1, {"scripts": 2}]\r\n}\r\n'],
    ['empty object', '{}'],
    ['empty scripts', '{\n  "scripts": {}\n}\n'],
    [
      'scripts with entries',
      '{\n    "scripts": {\n        "test": "vitest"\n    },\n    "b": 1\n}\n',
    ],
    ['scripts on one line', '{"scripts":{"test":"vitest"},"d":"\\u00e9 \\"q\\" }"}'],
    ['scripts last, CRLF', '{\r\n  "name": "x",\r\n  "scripts": {\r\n    "t": "v"\r\n  }\r\n}'],
  ])('%s: adds the scripts and keeps every other byte', (_name, text) => {
    const out = addScripts(text, SCRIPTS);
    const before = JSON.parse(text) as { scripts?: object };
    expect(JSON.parse(out)).toEqual({ ...before, scripts: { ...before.scripts, ...SCRIPTS } });
    // Removing what was inserted gives the text back: nothing else moved or changed.
    let rest = out;
    for (const [k, v] of Object.entries(SCRIPTS))
      rest = rest.replace(`${JSON.stringify(k)}: ${JSON.stringify(v)}`, '');
    const squash = (t: string) => t.replace(/[\s,]/g, '').replace(/"scripts":\{\}/, '');
    expect(squash(rest)).toBe(squash(text));
    // Line ends: CRLF files stay CRLF, LF files get no CR.
    if (text.includes('\r\n')) expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    else expect(out).not.toContain('\r');
    // The escapes stay as they were written.
    if (text.includes('\\u00e9')) expect(out).toContain('"\\u00e9 \\"q\\" }"');
  });

  it('indents like the file: tabs stay tabs', () => {
    expect(addScripts('{\n\t"name": "a"\n}\n', { 'tether:lint': 'tether lint' })).toBe(
      '{\n\t"name": "a",\n\t"scripts": {\n\t\t"tether:lint": "tether lint"\n\t}\n}\n',
    );
    expect(
      addScripts('{\n  "scripts": {\n    "test": "vitest"\n  }\n}\n', INIT_SCRIPTS).split('\n'),
    ).toEqual([
      '{',
      '  "scripts": {',
      '    "test": "vitest",',
      '    "tether:lint": "tether lint",',
      '    "tether:check": "tether check",',
      '    "tether:generate": "tether generate"',
      '  }',
      '}',
      '',
    ]);
  });
});

describe('tsconfig.json', () => {
  it('strips comments but not text that looks like one inside a string', () => {
    const text =
      '{\n  // a comment\n  "paths": { "@/*": ["src/*"] }, /* block */\n  "url": "http://x//y",\n}';
    expect(JSON.parse(stripJsonComments(text))).toEqual({
      paths: { '@/*': ['src/*'] },
      url: 'http://x//y',
    });
    expect(JSON.parse(stripJsonComments('{"a": ",}", "b": [1,],}'))).toEqual({ a: ',}', b: [1] });
  });

  it('reads allowImportingTsExtensions where it is set, following extends', () => {
    expect(extensionFromTsconfig(folder({}))).toBe('.js');
    expect(
      extensionFromTsconfig(
        folder({
          'tsconfig.json':
            '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] }, "allowImportingTsExtensions": true } }',
        }),
      ),
    ).toBe('.ts');
    expect(
      extensionFromTsconfig(
        folder({
          'tsconfig.json': '{ "extends": "./config/base", "compilerOptions": {} }',
          'config/base.json': '{ "compilerOptions": { "allowImportingTsExtensions": true } }',
        }),
      ),
    ).toBe('.ts');
    expect(
      extensionFromTsconfig(
        folder({
          'tsconfig.json': '{ "extends": "@acme/tsconfig" }',
          'node_modules/@acme/tsconfig/tsconfig.json':
            '{ "compilerOptions": { "allowImportingTsExtensions": true } }',
        }),
      ),
    ).toBe('.ts');
    // The project's own setting wins over the base's.
    expect(
      extensionFromTsconfig(
        folder({
          'tsconfig.json':
            '{ "extends": "./base.json", "compilerOptions": { "allowImportingTsExtensions": false } }',
          'base.json': '{ "compilerOptions": { "allowImportingTsExtensions": true } }',
        }),
      ),
    ).toBe('.js');
    // A cycle of extends ends.
    expect(
      extensionFromTsconfig(folder({ 'tsconfig.json': '{ "extends": "./tsconfig.json" }' })),
    ).toBe('.js');
  });
});

describe('initRoot', () => {
  it('is the project of a config above, else the nearest package.json, else the folder', () => {
    const withConfig = folder({ 'tether.config.json': '{}', 'package.json': '{}', 'a/b/x': '' });
    expect(initRoot(join(withConfig, 'a/b'))).toBe(withConfig);
    const withPackage = folder({ 'app/package.json': '{}', 'app/src/x': '' });
    expect(initRoot(join(withPackage, 'app/src'))).toBe(join(withPackage, 'app'));
    const bare = folder({ 'x/y': '' });
    expect(initRoot(join(bare, 'x'))).toBe(join(bare, 'x'));
  });
});
