// The diagnostic record every stage reports, and the collector the stages share.

import type { Span } from '../parse/ast.ts';
import {
  CATALOG,
  formatMessage,
  type ArgNames,
  type DiagnosticArgs,
  type DiagnosticCode,
  type Severity,
} from './catalog.ts';

/** A second location that explains a diagnostic ("first declared here"). */
export interface RelatedInfo {
  readonly message: string;
  readonly span: Span;
}

/** One finding, located in a file. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly span: Span;
  readonly related: readonly RelatedInfo[];
}

/**
 * What `report` takes after the code and span: the template's arguments (required when the
 * template has placeholders, optional when it has none), then the related locations.
 */
export type ReportArgs<TCode extends DiagnosticCode> = [ArgNames<TCode>] extends [never]
  ? [args?: DiagnosticArgs<TCode>, related?: readonly RelatedInfo[]]
  : [args: DiagnosticArgs<TCode>, related?: readonly RelatedInfo[]];

/** Collects the diagnostics of one file; every stage reports through it. */
export class DiagnosticSink {
  readonly #items: Diagnostic[] = [];

  constructor(readonly file: string) {}

  report<TCode extends DiagnosticCode>(code: TCode, span: Span, ...rest: ReportArgs<TCode>): void {
    // Generic in TCode, TypeScript cannot narrow the tuple; the signature already checked the call.
    const args = (rest[0] ?? {}) as DiagnosticArgs<TCode>;
    const related = rest[1] ?? [];
    this.#items.push({
      code,
      severity: CATALOG[code].severity,
      message: formatMessage(code, args),
      file: this.file,
      span,
      related,
    });
  }

  get items(): readonly Diagnostic[] {
    return this.#items;
  }

  hasErrors(): boolean {
    return this.#items.some((d) => d.severity === 'error');
  }
}

/** Orders diagnostics by file, position, then code, so output never depends on pass order. */
export function sortDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  return [...items].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.span.start.offset - b.span.start.offset ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
