// Whether TLC can run here (Java plus tla2tools.jar from TLA2TOOLS_JAR or the cache). Tests
// that need it skip with a visible notice otherwise.

import { tlcJarHere } from '../../generator/tlc/locate.ts';

export const TLC_JAR = tlcJarHere();

if (!TLC_JAR)
  console.warn(
    '\n  NOTICE: TLC is not available (no Java or no tla2tools.jar): the TLC-only tests are skipped.\n' +
      '  Set TLA2TOOLS_JAR or run `tether tlc install` to run them.\n',
  );
