// The three renderings of diagnostics: compact (one line each, for CI and editors), a code
// frame with gutter, caret underline and `note:` lines (the default on a TTY), and JSON.

import { CATALOG } from './catalog.ts';
import type { Diagnostic } from './types.ts';

/** `spec/session.tether:12:5: error TTH1002: undefined state 'ATTACHD'` */
export function renderCompact(d: Diagnostic): string {
  const { line, column } = d.span.start;
  const head = `${d.file}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}`;
  const notes = d.related.map(
    (r) => `${d.file}:${r.span.start.line}:${r.span.start.column}: note: ${r.message}`,
  );
  return [head, ...notes].join('\n');
}

export interface FrameOptions {
  /** ANSI colours (on a TTY unless NO_COLOR is set). */
  readonly color: boolean;
}

/**
 * ```
 * error[TTH1002]: undefined state 'ATTACHD'
 *   --> spec/session.tether:12:5
 *    |
 * 12 | transition t: ATTACHD -> RECOVERING on X
 *    |               ^^^^^^^
 * ```
 */
export function renderFrame(d: Diagnostic, source: string, options: FrameOptions): string {
  const paint = (code: string, text: string): string =>
    options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  const sevColor = d.severity === 'error' ? '1;31' : '1;33';
  const lines = source.split('\n');
  const out: string[] = [];
  out.push(`${paint(sevColor, `${d.severity}[${d.code}]`)}: ${paint('1', d.message)}`);
  const spans = [
    { span: d.span, label: '', primary: true },
    ...d.related.map((r) => ({ span: r.span, label: r.message, primary: false })),
  ];
  const gutter = String(Math.max(...spans.map((s) => s.span.start.line))).length;
  const pad = ' '.repeat(gutter);
  out.push(`${pad}${paint('1;34', '-->')} ${d.file}:${d.span.start.line}:${d.span.start.column}`);
  for (const s of spans) {
    const lineNo = s.span.start.line;
    const text = (lines[lineNo - 1] ?? '').replace(/\r$/, '').replace(/\t/g, ' ');
    const startCol = s.span.start.column;
    const endCol =
      s.span.end.line === lineNo ? Math.max(s.span.end.column, startCol + 1) : text.length + 1;
    const marker = (s.primary ? '^' : '-').repeat(Math.max(1, endCol - startCol));
    out.push(`${pad} ${paint('1;34', '|')}`);
    out.push(`${paint('1;34', String(lineNo).padStart(gutter))} ${paint('1;34', '|')} ${text}`);
    const underline = `${' '.repeat(startCol - 1)}${marker}${s.label ? ` note: ${s.label}` : ''}`;
    out.push(`${pad} ${paint('1;34', '|')} ${paint(s.primary ? sevColor : '1;34', underline)}`);
  }
  return out.join('\n');
}

/** The JSON shape of `--format json`: stable keys, positions 1-based. */
export function toJson(d: Diagnostic): object {
  return {
    code: d.code,
    name: CATALOG[d.code].name,
    severity: d.severity,
    message: d.message,
    file: d.file,
    span: d.span,
    related: d.related,
  };
}
