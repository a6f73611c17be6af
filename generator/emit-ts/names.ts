// TypeScript names for spec names: fields camelCase (`active_transport` → `activeTransport`,
// `SessionTtl` → `sessionTtl`), types and the machine PascalCase. Two spec names that map to
// one TS name are refused rather than silently merged.

export class TsNameError extends Error {}

export function camel(name: string): string {
  const parts = name.split('_').filter((p) => p.length > 0);
  if (parts.length === 0) return name;
  const [head, ...rest] = parts;
  const first = head!.toUpperCase() === head ? head!.toLowerCase() : head!.charAt(0).toLowerCase() + head!.slice(1);
  return first + rest.map((p) => p.charAt(0).toUpperCase() + p.slice(1).toLowerCase()).join('');
}

export function pascal(name: string): string {
  const c = camel(name);
  return c.charAt(0).toUpperCase() + c.slice(1);
}

/** Maps names one to one, or throws naming the clash. */
export function uniqueNames(kind: string, names: readonly string[], map: (n: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  const back = new Map<string, string>();
  for (const n of names) {
    const m = map(n);
    const prior = back.get(m);
    if (prior !== undefined && prior !== n) throw new TsNameError(`${kind} '${prior}' and '${n}' would both be '${m}' in TypeScript; rename one`);
    back.set(m, n);
    out.set(n, m);
  }
  return out;
}
