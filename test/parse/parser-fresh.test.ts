// The committed parser must be exactly what the grammar produces (never hand-edited), and the
// cached build (build-parser.ts) is what peggy builds.

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import {
  buildParserSource,
  GRAMMAR_PATH,
  PARSER_PATH,
} from '../../generator/parse/build-parser.ts';
import { ROOT } from '../helpers.ts';

it('generator/parse/parser.js is generated from grammar/tether.peggy', () => {
  const built = buildParserSource(readFileSync(`${ROOT}${GRAMMAR_PATH}`, 'utf8'), {
    cache: false,
  });
  expect(
    readFileSync(`${ROOT}${PARSER_PATH}`, 'utf8') === built,
    'parser.js is stale: run `npm run generate`',
  ).toBe(true);
  expect(buildParserSource(readFileSync(`${ROOT}${GRAMMAR_PATH}`, 'utf8'))).toBe(built);
});
