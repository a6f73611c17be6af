// The state every section of the engine's emitter shares, made once per engine: the names
// table, tsType, the expression contexts, the Appender and the Declarations collector.

import type {
  FunctionDeclarationStructure,
  InterfaceDeclarationStructure,
  OptionalKind,
  StatementStructures,
  TypeAliasDeclarationStructure,
} from 'ts-morph';
import type { IrExpr, IrMachine } from '../lower/ir.ts';
import type { IrType } from '../lower/types.ts';
import { TsNaming } from '../names/ts.ts';
import { printStatements, StructureKind } from '../print-ts.ts';
import { tsExpr, type TsContext } from './ts-expr.ts';

/** What the sections of emitEngine share (engine.ts makes one per engine). */
export interface EngineContext {
  readonly ir: IrMachine;
  readonly names: TsNaming;
  readonly M: string;
  readonly m: string;
  readonly Wide: string;
  readonly field: (n: string) => string;
  readonly param: (n: string) => string;
  readonly eventType: (name: string) => string;
  readonly stateType: (name: string) => string;
  readonly tsType: (t: IrType) => string;
  readonly decls: Declarations;
  /** Records that the code being printed uses `name` (see Declarations) and returns it. */
  readonly use: (name: string) => string;
  readonly domain: (t: IrType, snapshots: readonly string[], more: readonly string[]) => string;
  readonly ctx: TsContext;
  readonly next: TsContext;
  readonly stepCtx: TsContext;
  readonly inTransition: (c: TsContext, t: IrMachine['transitions'][number]) => TsContext;
  readonly ex: (e: IrExpr) => string;
  readonly out: Appender;
  /** The consts then the vars: the fields of a snapshot after state, version and params. */
  /** The snapshot's consts and vars; `natural`: a Nat variable (never negative). */
  readonly slotFields: readonly {
    readonly name: string;
    readonly type: IrType;
    readonly natural: boolean;
  }[];
  /** A constant, added once used (or always, if exported). */
  readonly constant: (name: string, init: string, exported?: boolean) => void;
  /** A function: `print` prints its structure (what it needs recorded), `name` null if exported. */
  readonly fn: (
    name: string | null,
    print: () => OptionalKind<FunctionDeclarationStructure>,
  ) => void;
  /** Statements always emitted. */
  readonly statements: (print: () => string) => void;
}

/** The context of one engine: a fresh names table, Appender and Declarations. */
export function engineContext(ir: IrMachine): EngineContext {
  // Every name of the engine comes from one table (names/ts.ts): spec-derived names the
  // checker made distinct, the engine's own allocated around them.
  const names = new TsNaming(ir);
  const { M, m, wide: Wide } = names;
  const field = (n: string): string => names.field(n);
  const param = (n: string): string => names.param(n);
  const eventType = (name: string): string => names.eventType(name);
  const stateType = (name: string): string => names.stateType(name);

  const tsType = (t: IrType): string => {
    switch (t.kind) {
      case 'bool':
        return 'boolean';
      case 'int':
      case 'time':
      case 'duration':
        return 'number';
      case 'enum':
      case 'opaque':
        return t.name;
      case 'state':
        return `${M}StateName`;
      case 'set':
        return `ReadonlySet<${tsType(t.element)}>`;
      case 'map':
        return `ReadonlyMap<${tsType(t.key)}, ${tsType(t.value)}>`;
      case 'seq': {
        const element = tsType(t.element);
        return `readonly ${element.includes(' ') ? `(${element})` : element}[]`;
      }
      case 'nullable':
        return `${tsType(t.inner)} | null`;
      case 'null':
        return 'null';
      case 'unknown':
        return 'never';
      default: {
        const unreachable: never = t;
        return unreachable;
      }
    }
  };
  // What the code being printed uses of the engine's internal declarations and helpers,
  // recorded as it is printed: the engine holds those and no other (strict builds reject
  // unused code).
  const decls = new Declarations();
  const use = (name: string): string => {
    decls.need(name);
    return name;
  };
  const domain = (t: IrType, snapshots: readonly string[], more: readonly string[]): string =>
    t.kind === 'opaque'
      ? `${use(names.idsOf(t.name))}([${snapshots.join(', ')}], [${more.join(', ')}])`
      : t.kind === 'enum'
        ? use(names.enumValues(t.name))
        : t.kind === 'bool'
          ? '[false, true]'
          : use(names.statesConst);
  const slotTypes = new Map<string, IrType>(
    [...ir.consts, ...ir.vars].map((x) => [x.name, x.type]),
  );
  const slotType = (n: string): IrType => slotTypes.get(n) ?? { kind: 'unknown' };
  const ctx: TsContext = {
    field,
    param,
    slotType,
    eventField: (n) => names.eventField(n),
    enabled: (t) => use(names.enabled(t)),
    type: tsType,
    domain,
    nextState: false,
    need: use,
  };
  const next: TsContext = { ...ctx, nextState: true };
  const stepCtx: TsContext = { ...ctx, snapshots: ['s', 'n'] };
  const inTransition = (c: TsContext, t: IrMachine['transitions'][number]): TsContext => ({
    ...c,
    eventFields: ir.events.find((x) => x.name === t.event)!.fields,
  });
  const ex = (e: IrExpr): string => tsExpr(e, ctx);

  const out = new Appender();
  const slotFields = [
    ...ir.consts.map((c) => ({ name: c.name, type: c.type, natural: false })),
    ...ir.vars.map((v) => ({ name: v.name, type: v.type, natural: v.natural })),
  ];
  // Each declaration made with these is printed in `decls`, recording what its code needs, and
  // added (in the order declared) once it is known to be used.
  // A constant is printed as text: the structure printer hangs the lines of a multi-line
  // initializer one level in, and the metadata's JSON is already indented as it should be.
  const constant = (name: string, init: string, exported = false): void =>
    decls.declare(exported ? null : name, () => () => {
      out.addStatements(`${exported ? 'export ' : ''}const ${name} = ${init};`);
    });
  const fn = (name: string | null, print: () => OptionalKind<FunctionDeclarationStructure>): void =>
    decls.declare(name, () => {
      const structure = print();
      return () => void out.addFunction(structure);
    });
  const statements = (print: () => string): void =>
    decls.declare(null, () => {
      const text = print();
      return () => void out.addStatements(text);
    });
  return {
    ir,
    names,
    M,
    m,
    Wide,
    field,
    param,
    eventType,
    stateType,
    tsType,
    decls,
    use,
    domain,
    ctx,
    next,
    stepCtx,
    inTransition,
    ex,
    out,
    slotFields,
    constant,
    fn,
    statements,
  };
}

/** The engine's top-level statements in order, printed at the end by ts-morph's structure
 *  printer (no source file is parsed or manipulated, so it is linear in the declarations). */
export class Appender {
  readonly #statements: (string | StatementStructures)[] = [];
  addStatements(text: string | readonly string[]): void {
    this.#statements.push(typeof text === 'string' ? text : text.join('\n'));
  }
  addTypeAlias(s: OptionalKind<TypeAliasDeclarationStructure>): void {
    this.#statements.push({ ...s, kind: StructureKind.TypeAlias });
  }
  addFunction(s: OptionalKind<FunctionDeclarationStructure>): void {
    this.#statements.push({ ...s, kind: StructureKind.Function });
  }
  addInterface(s: OptionalKind<InterfaceDeclarationStructure>): void {
    this.#statements.push({ ...s, kind: StructureKind.Interface });
  }
  text(): string {
    return printStatements(this.#statements);
  }
}

/** The engine's declarations, in the engine's order, each with the declarations and helpers
 *  its code uses, recorded while it is printed (`need`). A declaration of a name is added when
 *  some root (a declaration of no name: exported or always there) uses it, directly or through
 *  others; so the engine holds exactly what its code uses. */
export class Declarations {
  readonly #all: {
    readonly name: string | null;
    readonly uses: ReadonlySet<string>;
    readonly add: (used: ReadonlySet<string>) => void;
  }[] = [];
  /** What the declaration being printed uses. */
  #uses: Set<string> | null = null;

  /** Records that the code being printed uses the declaration or helper `name`. */
  need(name: string): void {
    if (this.#uses === null) throw new Error(`emitEngine: ${name} is used outside a declaration`);
    this.#uses.add(name);
  }

  /** Declares `name` (null for a root): `print` prints it, what its code uses recorded, and
   *  returns how to add it, given the names used. */
  declare(name: string | null, print: () => (used: ReadonlySet<string>) => void): void {
    if (this.#uses !== null) throw new Error('emitEngine: a declaration inside a declaration');
    const uses = new Set<string>();
    this.#uses = uses;
    try {
      this.#all.push({ name, uses, add: print() });
    } finally {
      this.#uses = null;
    }
  }

  /** Adds, in order, the roots and the declarations they use. */
  addUsed(): void {
    const byName = new Map(this.#all.flatMap((d) => (d.name === null ? [] : [[d.name, d]])));
    const used = new Set<string>();
    const visit = (uses: ReadonlySet<string>): void => {
      for (const n of uses) {
        if (used.has(n)) continue;
        const d = byName.get(n);
        if (!d) throw new Error(`emitEngine: ${n} is used but not declared`);
        used.add(n);
        visit(d.uses);
      }
    };
    for (const d of this.#all) if (d.name === null) visit(d.uses);
    for (const d of this.#all) if (d.name === null || used.has(d.name)) d.add(used);
  }
}
