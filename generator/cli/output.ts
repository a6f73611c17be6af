// Renders diagnostics for the terminal: code frames on a TTY, compact lines otherwise,
// or JSON; and the closing summary line.

import { renderCompact, renderFrame, toJson } from '../diagnostics/render.ts';
import type { Diagnostic } from '../diagnostics/types.ts';

export type Format = 'compact' | 'frame' | 'json';

export interface Out {
  write(text: string): void;
  readonly isTTY: boolean;
}

export function defaultFormat(out: Out): Format {
  return out.isTTY ? 'frame' : 'compact';
}

/** Colour on a terminal unless NO_COLOR is set (no-color.org); FORCE_COLOR, as Node's own
 *  output reads it, wins over both: FORCE_COLOR=0 never, any other value (or empty) always. */
export function useColor(out: Out, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return out.isTTY && !env['NO_COLOR'];
}

export function renderDiagnostics(
  items: readonly Diagnostic[],
  format: Format,
  sources: ReadonlyMap<string, string>,
  out: Out,
): string {
  if (format === 'json') return JSON.stringify(diagnosticsJson(items), null, 2);
  if (format === 'compact') return items.map(renderCompact).join('\n');
  const color = useColor(out);
  return items.map((d) => renderFrame(d, sources.get(d.file) ?? '', { color })).join('\n\n');
}

/** Diagnostics in the JSON shape of `lint --format json` (also inside `check --json`). */
export function diagnosticsJson(items: readonly Diagnostic[]): object[] {
  return items.map(toJson);
}

export function summary(items: readonly Diagnostic[], files: number): string {
  const errors = items.filter((d) => d.severity === 'error').length;
  const warnings = items.length - errors;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}`;
}
