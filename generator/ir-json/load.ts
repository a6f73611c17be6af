// Reading generated/<machine>.ir.json back (format.ts): the JSON is parsed, its format and
// version checked, and every node of the machine checked against the IR's shape (lower/ir.ts,
// lower/types.ts) before anything reads it, so that a stale, truncated or hand-edited artifact
// is refused with the file and the place in it, never misread by the explorer. The tables
// below are keyed by the IR's own kind unions: a kind added to the IR without a rule here is
// a compile error.

import { readFileSync } from 'node:fs';
import type { IrDomain, IrExpr, IrMachine, IrTemporal } from '../lower/ir.ts';
import {
  BINARY_OPERATORS,
  FUNCTION_NAMES,
  builtinFunction,
  type FunctionName,
} from '../lower/operators.ts';
import type { IrBound, IrType } from '../lower/types.ts';
import { IR_FORMAT, IR_VERSION } from './format.ts';

/** The artifact cannot be used; the message names the file and the place in it. */
export class IrArtifactError extends Error {
  override readonly name = 'IrArtifactError';
}

/** The machine in the artifact at `file` (a path or file URL). */
export function loadIrArtifact(file: string | URL): IrMachine {
  const shown = file instanceof URL ? decodeURIComponent(file.pathname) : file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new IrArtifactError(
      `cannot read the IR artifact ${shown} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): run \`tether generate\``,
    );
  }
  return parseIrArtifact(text, shown);
}

/** The machine in an artifact's text; `shown` names it in messages. */
export function parseIrArtifact(text: string, shown: string): IrMachine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new IrArtifactError(
      `${shown} is not JSON (${(error as Error).message}): run \`tether generate\``,
    );
  }
  const top = new Reader(shown);
  const root = top.object(json, '');
  if (root['format'] !== IR_FORMAT)
    throw new IrArtifactError(`${shown} is not a Tether IR artifact (no "format": "${IR_FORMAT}")`);
  if (root['version'] !== IR_VERSION)
    throw new IrArtifactError(
      `${shown} holds IR version ${JSON.stringify(root['version'])} and this toolkit reads version ${IR_VERSION}: run \`tether generate\` to rewrite it`,
    );
  top.machine(root['machine'], 'machine');
  return root['machine'] as IrMachine;
}

type Obj = Record<string, unknown>;

const TYPE_KINDS: Record<IrType['kind'], (r: Reader, t: Obj, at: string) => void> = {
  bool: () => {},
  int: (r, t, at) => {
    if (t['range'] === null) return;
    const range = r.object(t['range'], `${at}.range`);
    r.bound(range['lo'], `${at}.range.lo`);
    r.bound(range['hi'], `${at}.range.hi`);
  },
  enum: (r, t, at) => r.string(t['name'], `${at}.name`),
  opaque: (r, t, at) => r.string(t['name'], `${at}.name`),
  state: () => {},
  time: () => {},
  duration: () => {},
  set: (r, t, at) => r.type(t['element'], `${at}.element`),
  seq: (r, t, at) => {
    r.type(t['element'], `${at}.element`);
    if (t['capacity'] !== null) r.bound(t['capacity'], `${at}.capacity`);
  },
  map: (r, t, at) => {
    r.type(t['key'], `${at}.key`);
    r.type(t['value'], `${at}.value`);
  },
  nullable: (r, t, at) => r.type(t['inner'], `${at}.inner`),
  null: () => {},
  unknown: () => {},
};

const BOUND_KINDS: Record<IrBound['kind'], (r: Reader, b: Obj, at: string) => void> = {
  literal: (r, b, at) => r.integer(b['value'], `${at}.value`),
  param: (r, b, at) => r.string(b['name'], `${at}.name`),
};

/** The operators and functions the toolkit knows, as the reader's `oneOf` takes them. */
const known = (names: readonly string[]): Readonly<Record<string, true>> =>
  Object.fromEntries(names.map((n) => [n, true]));
const BINARY_OPS = known(Object.keys(BINARY_OPERATORS));
const FUNCTIONS = known(FUNCTION_NAMES);

const EXPR_KINDS: Record<IrExpr['kind'], (r: Reader, e: Obj, at: string) => void> = {
  bool: (r, e, at) => r.boolean(e['value'], `${at}.value`),
  int: (r, e, at) => r.integer(e['value'], `${at}.value`),
  null: () => {},
  stateLit: (r, e, at) => r.string(e['name'], `${at}.name`),
  enumLit: (r, e, at) => {
    r.string(e['enum'], `${at}.enum`);
    r.string(e['member'], `${at}.member`);
  },
  var: (r, e, at) => {
    r.string(e['name'], `${at}.name`);
    r.boolean(e['primed'], `${at}.primed`);
  },
  const: (r, e, at) => {
    r.string(e['name'], `${at}.name`);
    r.boolean(e['primed'], `${at}.primed`);
  },
  param: (r, e, at) => r.string(e['name'], `${at}.name`),
  state: (r, e, at) => r.boolean(e['primed'], `${at}.primed`),
  now: () => {},
  field: (r, e, at) => r.string(e['name'], `${at}.name`),
  bound: (r, e, at) => r.string(e['name'], `${at}.name`),
  setLit: (r, e, at) => r.array(e['elements'], `${at}.elements`, (x, p) => r.expr(x, p)),
  seqLit: (r, e, at) => r.array(e['elements'], `${at}.elements`, (x, p) => r.expr(x, p)),
  emptyMap: () => {},
  index: (r, e, at) => {
    r.expr(e['map'], `${at}.map`);
    r.expr(e['key'], `${at}.key`);
  },
  not: (r, e, at) => r.expr(e['operand'], `${at}.operand`),
  neg: (r, e, at) => r.expr(e['operand'], `${at}.operand`),
  call: (r, e, at) => {
    r.oneOf(e['fn'], FUNCTIONS, `${at}.fn`);
    const arity = builtinFunction(e['fn'] as FunctionName).params.length;
    r.array(e['args'], `${at}.args`, (x, p) => r.expr(x, p), arity);
  },
  binary: (r, e, at) => {
    r.oneOf(e['op'], BINARY_OPS, `${at}.op`);
    r.expr(e['left'], `${at}.left`);
    r.expr(e['right'], `${at}.right`);
  },
  if: (r, e, at) => {
    r.expr(e['cond'], `${at}.cond`);
    r.expr(e['then'], `${at}.then`);
    r.expr(e['otherwise'], `${at}.otherwise`);
  },
  quantifier: (r, e, at) => {
    r.oneOf(e['quantifier'], { forall: true, exists: true }, `${at}.quantifier`);
    r.string(e['variable'], `${at}.variable`);
    r.domain(e['domain'], `${at}.domain`);
    r.expr(e['body'], `${at}.body`);
  },
  enabled: (r, e, at) => r.string(e['transition'], `${at}.transition`),
  use: (r, e, at) => {
    r.string(e['def'], `${at}.def`);
    r.array(e['args'], `${at}.args`, (x, p) => r.expr(x, p));
    r.expr(e['body'], `${at}.body`);
  },
};

const DOMAIN_KINDS: Record<IrDomain['kind'], (r: Reader, d: Obj, at: string) => void> = {
  type: (r, d, at) => r.type(d['type'], `${at}.type`),
  range: (r, d, at) => {
    r.expr(d['lo'], `${at}.lo`);
    r.expr(d['hi'], `${at}.hi`);
  },
  set: (r, d, at) => r.expr(d['set'], `${at}.set`),
};

const TEMPORAL_KINDS: Record<IrTemporal['kind'], (r: Reader, f: Obj, at: string) => void> = {
  always: (r, f, at) => r.temporal(f['body'], `${at}.body`),
  eventually: (r, f, at) => r.temporal(f['body'], `${at}.body`),
  leadsTo: (r, f, at) => {
    r.temporal(f['left'], `${at}.left`);
    r.temporal(f['right'], `${at}.right`);
  },
  binary: (r, f, at) => {
    r.oneOf(f['op'], { and: true, or: true, '=>': true }, `${at}.op`);
    r.temporal(f['left'], `${at}.left`);
    r.temporal(f['right'], `${at}.right`);
  },
  predicate: (r, f, at) => r.expr(f['expr'], `${at}.expr`),
};

/** Checks values against the IR's shape; the first mismatch throws, naming its place. */
class Reader {
  constructor(private readonly shown: string) {}

  private fail(at: string, what: string): never {
    throw new IrArtifactError(
      `${this.shown}: ${at || 'the top level'}: ${what}: the artifact is damaged or was not written by \`tether generate\`; run it again`,
    );
  }

  object(v: unknown, at: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      this.fail(at, 'expected an object');
    return v as Obj;
  }
  string(v: unknown, at: string): void {
    if (typeof v !== 'string') this.fail(at, 'expected a string');
  }
  boolean(v: unknown, at: string): void {
    if (typeof v !== 'boolean') this.fail(at, 'expected true or false');
  }
  integer(v: unknown, at: string): void {
    if (!Number.isSafeInteger(v)) this.fail(at, 'expected an integer');
  }
  strings(v: unknown, at: string): void {
    this.array(v, at, (x, p) => this.string(x, p));
  }
  /** An array (of `length` elements, when given), each element checked by `each`. */
  array(v: unknown, at: string, each: (x: unknown, at: string) => void, length?: number): void {
    if (!Array.isArray(v)) this.fail(at, 'expected an array');
    if (length !== undefined && v.length !== length)
      this.fail(at, `expected ${length} elements, found ${v.length}`);
    v.forEach((x, i) => each(x, `${at}[${i}]`));
  }
  oneOf(v: unknown, allowed: Readonly<Record<string, true>>, at: string): void {
    if (typeof v !== 'string' || !Object.hasOwn(allowed, v))
      this.fail(at, `expected one of ${Object.keys(allowed).join(', ')}`);
  }
  /** An object whose `kind` names a rule of `table`, checked by that rule. */
  private kinded(
    v: unknown,
    at: string,
    table: Readonly<Record<string, (r: Reader, o: Obj, at: string) => void>>,
    what: string,
  ): Obj {
    const o = this.object(v, at);
    const kind = o['kind'];
    if (typeof kind !== 'string' || !Object.hasOwn(table, kind))
      this.fail(`${at}.kind`, `not a kind of ${what} (${JSON.stringify(kind)})`);
    table[kind]!(this, o, at);
    return o;
  }

  type(v: unknown, at: string): void {
    this.kinded(v, at, TYPE_KINDS, 'type');
  }
  /** A field's or variable's `model lo..hi`; null where the type itself is finite. */
  modelRange(v: unknown, at: string): void {
    if (v === null) return;
    const range = this.object(v, at);
    this.bound(range['lo'], `${at}.lo`);
    this.bound(range['hi'], `${at}.hi`);
  }

  bound(v: unknown, at: string): void {
    this.kinded(v, at, BOUND_KINDS, 'range bound');
  }
  expr(v: unknown, at: string): void {
    const e = this.kinded(v, at, EXPR_KINDS, 'expression');
    this.type(e['type'], `${at}.type`);
  }
  domain(v: unknown, at: string): void {
    this.kinded(v, at, DOMAIN_KINDS, 'quantifier domain');
  }
  temporal(v: unknown, at: string): void {
    this.kinded(v, at, TEMPORAL_KINDS, 'temporal formula');
  }
  loc(v: unknown, at: string): void {
    const l = this.object(v, at);
    for (const k of ['line', 'column', 'offset', 'endLine', 'endColumn', 'endOffset'])
      this.integer(l[k], `${at}.${k}`);
  }
  /** Each element an object with these named checks (and a `loc` when `located`). */
  records(
    v: unknown,
    at: string,
    fields: Readonly<Record<string, (x: unknown, at: string) => void>>,
    located = true,
  ): void {
    this.array(v, at, (x, p) => {
      const o = this.object(x, p);
      for (const [name, check] of Object.entries(fields)) check(o[name], `${p}.${name}`);
      if (located) this.loc(o['loc'], `${p}.loc`);
    });
  }

  machine(v: unknown, at: string): void {
    const m = this.object(v, at);
    const str = (x: unknown, p: string) => this.string(x, p);
    const int = (x: unknown, p: string) => this.integer(x, p);
    const bool = (x: unknown, p: string) => this.boolean(x, p);
    const type = (x: unknown, p: string) => this.type(x, p);
    const expr = (x: unknown, p: string) => this.expr(x, p);
    const strs = (x: unknown, p: string) => this.strings(x, p);
    if (m['kind'] !== 'Machine') this.fail(`${at}.kind`, 'expected "Machine"');
    str(m['name'], `${at}.name`);
    str(m['source'], `${at}.source`);
    this.records(m['types'], `${at}.types`, { name: str, modelSize: int });
    this.records(m['enums'], `${at}.enums`, { name: str, members: strs });
    this.records(m['params'], `${at}.params`, {
      name: str,
      type,
      modelValue: (x, p) => {
        if (typeof x !== 'boolean') this.integer(x, p);
      },
      natural: bool,
    });
    this.records(m['states'], `${at}.states`, { name: str, initial: bool, terminal: bool });
    str(m['initialState'], `${at}.initialState`);
    // null: `on violation -> reject`
    if (m['violationState'] !== null) str(m['violationState'], `${at}.violationState`);
    this.records(m['consts'], `${at}.consts`, { name: str, type });
    this.records(m['vars'], `${at}.vars`, {
      name: str,
      type,
      natural: bool,
      model: (v, q) => this.modelRange(v, q),
      init: expr,
    });
    this.records(m['events'], `${at}.events`, {
      name: str,
      fields: (x, p) =>
        this.records(
          x,
          p,
          {
            name: str,
            type,
            natural: bool,
            model: (v, q) => this.modelRange(v, q),
          },
          false,
        ),
    });
    strs(m['acceptReasons'], `${at}.acceptReasons`);
    strs(m['rejectReasons'], `${at}.rejectReasons`);
    this.records(m['transitions'], `${at}.transitions`, {
      name: str,
      sources: strs,
      // null: `-> stay`
      target: (x, p) => {
        if (x !== null) this.string(x, p);
      },
      event: str,
      reason: str,
      requires: (x, p) =>
        this.records(x, p, {
          cond: expr,
          reason: str,
          otherwise: (y, q) => {
            if (y !== undefined && y !== true) this.fail(q, 'expected true or nothing');
          },
        }),
      assignments: (x, p) => this.records(x, p, { variable: str, value: expr }, false),
      ensures: (x, p) => this.records(x, p, { cond: expr }),
      versionStep: int,
    });
    this.records(m['defs'], `${at}.defs`, {
      name: str,
      params: (x, p) => this.records(x, p, { name: str, type }, false),
      type,
      body: expr,
    });
    this.records(m['invariants'], `${at}.invariants`, { name: str, expr });
    this.records(m['steps'], `${at}.steps`, { name: str, expr });
    this.records(m['properties'], `${at}.properties`, {
      name: str,
      formula: (x, p) => this.temporal(x, p),
    });
    this.records(
      m['fairness'],
      `${at}.fairness`,
      {
        strength: (x, p) => this.oneOf(x, { weak: true, strong: true }, p),
        target: (x, p) => {
          const t = this.object(x, p);
          this.oneOf(t['kind'], { transition: true, clock: true }, `${p}.kind`);
          if (t['kind'] === 'transition') {
            str(t['name'], `${p}.name`);
            this.boolean(t['each'], `${p}.each`);
          }
        },
      },
      false,
    );
    this.records(
      m['dispatch'],
      `${at}.dispatch`,
      { state: str, event: str, candidates: strs },
      false,
    );
    this.records(m['refusals'], `${at}.refusals`, { state: str, event: str, reason: str });
  }
}
