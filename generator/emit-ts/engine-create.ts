// The engine's create section: create<Machine>(init), the initial snapshot, each var's initial
// value printed from the IR (it reads the params, the consts and the clock).

import { readsTime, someNode } from '../lower/ir.ts';
import type { EngineContext } from './engine-context.ts';
import { reads } from './printed-code.ts';

/** Declares the exported create function in `context.decls`. */
export function emitEngineCreate(context: EngineContext): void {
  const { ir, M, Wide, field, ex, fn } = context;
  // parseSnapshot's brokenInvariants (engine-snapshots.ts), which reads the clock when an
  // invariant does.
  const withNow = ir.invariants.some((i) => readsTime(i.expr));
  const initConsts = ir.consts.filter((c) =>
    ir.vars.some((v) => someNode(v.init, (x) => x.kind === 'const' && x.name === c.name)),
  );
  fn(null, () => {
    const inits = ir.vars.map((v) => ex(v.init));
    return {
      isExported: true,
      name: `create${M}`,
      parameters: [{ name: 'init', type: `${M}Init` }],
      returnType: `${M}Snapshot`,
      docs: [
        `The initial snapshot (state ${ir.initialState}, version 0).${ir.params.length > 0 ? ' Throws a RangeError for params outside their types (a negative Duration or Nat, a fraction), as parseSnapshot refuses them.' : ''}${ir.invariants.length > 0 ? " Throws a RangeError when the initial snapshot breaks an invariant (as parseSnapshot refuses it: a spec whose model passes never does for the model's params)." : ''}`,
      ],
      // An initial value reads the params, the consts (TTH2013) and the clock.
      statements: [
        // The params as parseSnapshot checks them (engine-snapshots.ts): no snapshot starts
        // from values a stored one could not hold.
        ...(ir.params.length > 0
          ? [
              "const checked = readParams(init.params, 'params');",
              `if (typeof checked === 'string') throw new RangeError(\`create${M}: \${checked}\`);`,
            ]
          : []),
        ...(reads('s', inits)
          ? [
              `const s = { params: init.params${initConsts.map((c) => `, ${field(c.name)}: init.${field(c.name)}`).join('')} };`,
            ]
          : []),
        ...(reads('now', inits) ? ['const now = init.now;'] : []),
        `const n: ${Wide} = {\n  state: '${ir.initialState}',\n  version: 0,\n  params: init.params,\n${ir.consts.map((c) => `  ${field(c.name)}: init.${field(c.name)},`).join('\n')}\n${ir.vars.map((v, i) => `  ${field(v.name)}: ${inits[i]},`).join('\n')}\n};`,
        // The invariants, as parseSnapshot checks them: the per-state snapshot types say what
        // they allow, so no snapshot that breaks one is handed out (a typed literal would
        // not even compile where an initial value breaks one: TS2352).
        ...(ir.invariants.length > 0
          ? [
              `const broken = brokenInvariants(n${withNow ? ', init.now' : ''});`,
              `if (broken.length > 0) throw new RangeError(\`create${M}: the initial snapshot breaks invariant\${broken.length > 1 ? 's' : ''} \${broken.join(', ')}\`);`,
            ]
          : []),
        `return n as ${M}Snapshot;`,
      ],
    };
  });
}
