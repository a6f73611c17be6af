// `tether check [files...]`: the front end on every spec, then model checking.
// Model checking (TLC or the built-in explorer) is not built yet: this command says so on
// its first line and checks what the front end can.

import { runLint } from './lint.ts';
import type { Format, Out } from './output.ts';

export async function runCheck(files: readonly string[], format: Format, out: Out): Promise<number> {
  out.write('checker: none yet (model checking is not implemented); running the front-end checks only\n');
  return runLint(files, format, out);
}
