// Whether TLC can run here (Java plus tla2tools.jar from TLA2TOOLS_JAR or the cache). Tests
// that need it skip with a visible notice otherwise.

import { existsSync } from 'node:fs';
import { cachedJarPath, javaAvailable } from '../../generator/tlc/locate.ts';

function find(): string | null {
  const jar = process.env['TLA2TOOLS_JAR'] ?? cachedJarPath();
  return existsSync(jar) && javaAvailable() ? jar : null;
}

export const TLC_JAR = find();

if (!TLC_JAR)
  console.warn(
    '\n  NOTICE: TLC is not available (no Java or no tla2tools.jar): the TLC-only tests are skipped.\n' +
      '  Set TLA2TOOLS_JAR or run `tether tlc install` to run them.\n',
  );
