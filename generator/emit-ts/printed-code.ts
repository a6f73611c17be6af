// Small predicates over TypeScript the engine's sections have printed: whether a snippet reads
// a local, whether its parentheses balance, and when it needs parentheses to be called or negated.

/** Whether generated code reads the local `name`: outside string literals and comments, not
 *  as a property (`e.now` is a field and `e: s.e` a key, not the local e; `...s.x` reads s). */
export const reads = (name: string, lines: readonly string[]): boolean =>
  new RegExp(`(?<![.\\w$])${name}\\b(?!\\s*:)`).test(
    lines
      .map((l) =>
        l
          .replace(/\/\/.*$/gm, '')
          .replace(/'(?:[^'\\]|\\.)*'/g, "''")
          .replace(/\.\.\./g, ' '),
      )
      .join(' '),
  );
/** Whether the parentheses of a code snippet balance (so "(a) || (b)" is not taken for one group). */
export const balanced = (code: string): boolean => {
  let depth = 0;
  for (const ch of code) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
};
export const wrapCall = (code: string): string =>
  /^[\w.$]+(\(.*\))?$/.test(code) && !code.includes(' ') ? code : `(${code})`;
/** Code indented `by` spaces more (blank lines stay empty). The engine is printed as written,
 *  with no formatter after it, so code nested in a printed block is indented where it is
 *  nested. (No printed snippet holds a multi-line string literal, whose lines this would
 *  change.) */
export const indent = (code: string, by: number): string =>
  code
    .split('\n')
    .map((l) => (l.trim() === '' ? '' : ' '.repeat(by) + l))
    .join('\n');

/** The statement that refuses anything but a non-negative safe integer (a Nat param, field or
 *  variable) at `path`, which is spliced into a template literal. */
export function natCheck(v: string, path: string): string {
  return `if (typeof ${v} !== 'number' || !Number.isSafeInteger(${v}) || ${v} < 0) return fail(\`${path} must be a non-negative integer\`);`;
}
