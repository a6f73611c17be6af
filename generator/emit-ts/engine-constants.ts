// The engine's constants and helpers section: the state and enum value lists, the runtime
// helpers block (helpers.ts) and, per opaque type, the ids a quantifier over it ranges over.

import { holdsIdsOf } from '../lower/types.ts';
import type { EngineContext } from './engine-context.ts';
import { HELPER_NAMES, HELPER_TEXT, helperUses } from './helpers.ts';

/** Declares the constants, the helpers block and the idsOf functions in `context.decls`. */
export function emitEngineConstants(context: EngineContext): void {
  const { ir, names, Wide, field, decls, use, out, slotFields, constant, fn } = context;
  // The limits parseEvent and parseSnapshot put on untrusted input (each added once read).
  constant('MAX_ID_LENGTH', '256');
  constant('MAX_SET_SIZE', '1024');
  constant(names.statesConst, `[${ir.states.map((s) => `'${s.name}'`).join(', ')}] as const`);
  for (const e of ir.enums)
    constant(names.enumValues(e.name), `[${e.members.map((x) => `'${x}'`).join(', ')}] as const`);
  // The runtime helpers (helpers.ts), each using what the table says, added in one block:
  // those used, in the table's order, a blank line apart.
  for (const h of HELPER_NAMES)
    decls.declare(h, () => {
      for (const u of helperUses(h)) use(u);
      return () => {};
    });
  decls.declare(null, () => (used) => {
    const kept = HELPER_NAMES.filter((h) => used.has(h));
    if (kept.length === 0) return;
    out.addStatements(kept.map((h) => HELPER_TEXT.get(h)!).join('\n\n'));
  });
  for (const t of ir.types) {
    const holders = slotFields.filter((f) => holdsIdsOf(f.type, t.name));
    fn(names.idsOf(t.name), () => ({
      name: names.idsOf(t.name),
      docs: [
        `What a quantifier over ${t.name} ranges over (ir.ts, rule 8): one ${t.name} that nothing in scope holds, then those`,
        'the snapshots and `more` (event fields, enclosing variables) hold; repeats are harmless. Ids are',
        'only compared, so these decide it for every id. An array, not a generator: V8 optimises array loops.',
      ],
      parameters: [
        { name: holders.length ? 'snapshots' : '_snapshots', type: `readonly ${Wide}[]` },
        { name: 'more', type: `readonly (${t.name} | null)[]` },
      ],
      returnType: `${t.name}[]`,
      statements: [
        `const ids: ${t.name}[] = [];`,
        'for (const x of more) if (x !== null) ids.push(x);',
        ...(holders.length
          ? [
              'for (const s of snapshots) {',
              ...holders.map((f) =>
                f.type.kind === 'set'
                  ? `  for (const x of s.${field(f.name)}) ids.push(x);`
                  : `  if (s.${field(f.name)} !== null) ids.push(s.${field(f.name)} as ${t.name});`,
              ),
              '}',
            ]
          : []),
        `ids.unshift(${use('freshAmong')}(ids));`,
        'return ids;',
      ],
    }));
  }
}
