// The engine's stored-snapshot section: serializeSnapshot (a snapshot as JSON-safe data) and
// parseSnapshot (stored data back to a snapshot, refusing what no snapshot of the machine is),
// printed as text from the IR's slots, params and invariants. Issue 12: a snapshot must be
// storable (seed §5: "the Session Table stores: ... state_version") and read back safely.

import { readsTime } from '../lower/ir.ts';
import type { IrBound, IrType } from '../lower/types.ts';
import type { EngineContext } from './engine-context.ts';
import { indent, natCheck, reads, wrapCall } from './printed-code.ts';
import { tsExpr } from './ts-expr.ts';

/** Declares the stored-snapshot types and functions (always emitted) in `context.decls`. */
export function emitEngineSnapshots(context: EngineContext): void {
  const { statements } = context;
  statements(() => snapshotSource(context));
}

/** A stored value's JSON type: ids as strings, sets as arrays, maps as arrays of [key, value]
 *  pairs. */
function storedType(t: IrType, tsType: (t: IrType) => string): string {
  switch (t.kind) {
    case 'opaque':
      return 'string';
    case 'set': {
      const element = storedType(t.element, tsType);
      return `readonly ${element.includes(' ') ? `(${element})` : element}[]`;
    }
    case 'map':
      return `readonly (readonly [${storedType(t.key, tsType)}, ${storedType(t.value, tsType)}])[]`;
    case 'seq': {
      const element = storedType(t.element, tsType);
      return `readonly ${element.includes(' ') ? `(${element})` : element}[]`;
    }
    case 'nullable':
      return `${storedType(t.inner, tsType)} | null`;
    default:
      return tsType(t);
  }
}

function snapshotSource(context: EngineContext): string {
  const { ir, names, M, Wide, field, param, tsType, use, ctx, slotFields } = context;
  const states = use(names.statesConst);
  // A set stores its members sorted, a map its entries sorted by key, so that equal snapshots
  // store as equal data (a map's keys and values are never sets: the checker's TTH2022).
  const toStored = (t: IrType, v: string): string =>
    t.kind === 'map'
      ? `${use('storedEntries')}(${v})`
      : t.kind === 'set'
        ? isFlat(t.element)
          ? `${use('storedMembers')}(${v})`
          : `${use('storedMembers')}(new Set([...${v}].map((x) => ${toStored(t.element, 'x')})))`
        : t.kind === 'nullable' && !isFlat(t.inner)
          ? `${v} === null ? null : ${toStored(t.inner, v)}`
          : v;

  // The invariants, checked on what is read (not in the violation state: seed §10, it keeps
  // the values from before the step it refused, which an invariant may not allow in that state).
  const invariantChecks = ir.invariants.map(
    (i) => `if (!${wrapCall(tsExpr(i.expr, ctx))}) broken.push('${i.name}');`,
  );
  const withNow = ir.invariants.some((i) => readsTime(i.expr));
  const brokenCheck = [
    `const broken = brokenInvariants(s${withNow ? ', options.now' : ''});`,
    'if (broken.length === 1) return fail(`invariant ${broken[0]!} does not hold`);',
    // One invariant checked: never more than one broken.
    ...(invariantChecks.length > 1
      ? ["if (broken.length > 1) return fail(`invariants ${broken.join(', ')} do not hold`);"]
      : []),
  ].join('\n');
  const invariantsOnRead =
    invariantChecks.length === 0
      ? ''
      : ir.violationState === null
        ? `\n${indent(brokenCheck, 2)}`
        : `
  // The invariants (not in ${ir.violationState} when a step broke one: seed §10, it keeps the
  // values from before the step it refused, which the invariants need not allow there).
  if (s.state !== '${ir.violationState}') {
${indent(brokenCheck, 4)}
  }`;
  // A range's bound: a literal, or a param of the snapshot being read.
  const bound = (b: IrBound): string =>
    b.kind === 'literal' ? String(b.value) : `params.${param(b.name)}`;

  /** Statements that return fail(...) unless `v` is a stored value of type `t`; `path` is
   *  printed in a template literal. */
  const check = (t: IrType, v: string, path: string): string[] => {
    switch (t.kind) {
      case 'bool':
        return [`if (typeof ${v} !== 'boolean') return fail(\`${path} must be true or false\`);`];
      case 'opaque':
        // Any string: the engine takes every id create and as<Type> are given, and a stored
        // snapshot must read back (the length limits are parseEvent's, on requests).
        return [`if (typeof ${v} !== 'string') return fail(\`${path} must be a string (an id)\`);`];
      case 'enum': {
        const values = use(names.enumValues(t.name));
        return [
          `if (!(${values} as readonly unknown[]).includes(${v})) return fail(\`${path} must be one of \${${values}.join(', ')}\`);`,
        ];
      }
      case 'state':
        return [
          `if (!(${states} as readonly unknown[]).includes(${v})) return fail(\`${path} must be one of \${${states}.join(', ')}\`);`,
        ];
      case 'int': {
        const r = t.range;
        const bounds = r ? ` || ${v} < ${bound(r.lo)} || ${v} > ${bound(r.hi)}` : '';
        const shown = r
          ? ` in ${r.lo.kind === 'literal' ? r.lo.value : `\${${bound(r.lo)}}`}..${r.hi.kind === 'literal' ? r.hi.value : `\${${bound(r.hi)}}`}`
          : '';
        return [
          `if (typeof ${v} !== 'number' || !Number.isSafeInteger(${v})${bounds}) return fail(\`${path} must be an integer${shown}\`);`,
        ];
      }
      case 'time':
        return [
          `if (typeof ${v} !== 'number' || !Number.isFinite(${v})) return fail(\`${path} must be a finite number (milliseconds)\`);`,
        ];
      case 'duration':
        return [
          `if (typeof ${v} !== 'number' || !Number.isFinite(${v}) || ${v} < 0) return fail(\`${path} must be a non-negative finite number (milliseconds)\`);`,
        ];
      case 'nullable':
        return [
          `if (${v} !== null) {`,
          ...indent(check(t.inner, v, path).join('\n'), 2).split('\n'),
          '}',
        ];
      case 'set': {
        const item = `${v.replace(/\W/g, '')}Item`;
        return [
          // No size limit: dispatch grows sets without one, and what it stored must read back.
          `if (!Array.isArray(${v})) return fail(\`${path} must be an array\`);`,
          `for (const ${item} of ${v} as unknown[]) {`,
          ...indent(check(t.element, item, `${path}[]`).join('\n'), 2).split('\n'),
          '}',
          isFlat(t.element)
            ? `if (new Set(${v}).size !== ${v}.length) return fail(\`${path} repeats a member\`);`
            : `if (new Set((${v} as unknown[]).map(${use('storedKey')})).size !== ${v}.length) return fail(\`${path} repeats a member\`);`,
        ];
      }
      case 'seq': {
        // At most its capacity: a stored sequence longer than that is no snapshot's.
        const item = `${v.replace(/\W/g, '')}Item`;
        const cap = t.capacity ? bound(t.capacity) : '0';
        const shownCap =
          t.capacity?.kind === 'param'
            ? `\${${cap}}`
            : String(t.capacity?.kind === 'literal' ? t.capacity.value : 0);
        return [
          `if (!Array.isArray(${v})) return fail(\`${path} must be an array\`);`,
          `if (${v}.length > ${cap}) return fail(\`${path} holds more than ${shownCap} elements\`);`,
          `for (const ${item} of ${v} as unknown[]) {`,
          ...indent(check(t.element, item, `${path}[]`).join('\n'), 2).split('\n'),
          '}',
        ];
      }
      case 'map': {
        const entry = `${v.replace(/\W/g, '')}Entry`;
        return [
          `if (!Array.isArray(${v})) return fail(\`${path} must be an array of [key, value] pairs\`);`,
          `for (const ${entry} of ${v} as unknown[]) {`,
          `  if (!Array.isArray(${entry}) || ${entry}.length !== 2) return fail(\`${path} must be an array of [key, value] pairs\`);`,
          `  const ${entry}Key: unknown = ${entry}[0];`,
          ...indent(check(t.key, `${entry}Key`, `${path}[] key`).join('\n'), 2).split('\n'),
          `  const ${entry}Value: unknown = ${entry}[1];`,
          ...indent(check(t.value, `${entry}Value`, `${path}[] value`).join('\n'), 2).split('\n'),
          '}',
          `if (new Set((${v} as unknown[][]).map((x) => x[0])).size !== ${v}.length) return fail(\`${path} repeats a key\`);`,
        ];
      }
      default:
        return [`return fail(\`${path} has a type a snapshot cannot hold\`);`];
    }
  };
  /** The snapshot's value of a checked stored value. */
  const fromStored = (t: IrType, v: string): string =>
    t.kind === 'seq'
      ? `[...(${v} as ${tsType(t.element)}[])]` // a copy: the stored array stays the caller's
      : t.kind === 'map'
        ? `new Map(${v} as [${tsType(t.key)}, ${tsType(t.value)}][])`
        : t.kind === 'set'
          ? isFlat(t.element)
            ? `new Set(${v} as ${tsType(t.element)}[])`
            : `new Set((${v} as unknown[]).map((x) => ${fromStored(t.element, 'x')}))`
          : t.kind === 'nullable' && !isFlat(t.inner)
            ? `${v} === null ? null : ${fromStored(t.inner, v)}`
            : `${v} as ${tsType(t)}`;

  const local = (name: string): string => `f_${field(name)}`;
  const keys = ['state', 'version', 'params', ...slotFields.map((f) => field(f.name))];
  const required = keys.filter((k) => k !== 'params');
  // Params are checked against their own types (Duration, Nat, Int or Bool: never a range).
  const paramNames = ir.params.map((p) => `'${param(p.name)}'`).join(', ');
  const readParams = `/** Params (stored with a snapshot, or given to parseSnapshot) checked, or what is wrong. */
function readParams(raw: unknown, path: string): ${M}Params | string {
  const fail = (error: string) => error;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(\`\${path} must be an object\`);
  const input: Record<string, unknown> = { ...raw };
  for (const key of Object.keys(input)) if (!([${paramNames}] as readonly string[]).includes(key)) return fail(\`unknown field '\${key}' in \${path}\`);
${indent(
  ir.params
    .flatMap((p) => [
      `const p_${param(p.name)} = input['${param(p.name)}'];`,
      // A Nat param is an int that must not be negative (ir.ts IrParam.natural).
      ...(p.natural
        ? [natCheck(`p_${param(p.name)}`, `\${path}.${param(p.name)}`)]
        : check(p.type, `p_${param(p.name)}`, `\${path}.${param(p.name)}`)),
    ])
    .join('\n'),
  2,
)}
  return ${ir.params.length === 0 ? '{}' : `{ ${ir.params.map((p) => `${param(p.name)}: p_${param(p.name)} as ${tsType(p.type)}`).join(', ')} }`};
}`;

  const optionsType = `/** How parseSnapshot reads a stored snapshot. */
export interface ${M}ParseSnapshotOptions {
  /** The params, for a snapshot stored without them (serializeSnapshot's default). A snapshot
   *  stored with its params must hold these same values. */
  readonly params?: ${M}Params;${
    withNow
      ? `
  /** The time the snapshot is read at (milliseconds): the invariants that read now are checked at it. */
  readonly now: number;`
      : ''
  }
}`;

  const storedFields = slotFields
    .map((f) => `  readonly ${field(f.name)}: ${storedType(f.type, tsType)};`)
    .join('\n');

  return dropBlankLinesInBlocks(`/** A snapshot as stored: JSON-safe data (sets as sorted arrays), as serializeSnapshot makes it. */
export interface ${M}StoredSnapshot {
  readonly state: ${M}StateName;
  readonly version: number;
  /** Present when serializeSnapshot was asked to store the params. */
  readonly params?: ${M}Params;
${storedFields}
}

/** A snapshot as data JSON can hold (sets as sorted arrays); the params only if asked for,
 *  since they are the deployment's configuration rather than the session's state. */
export function serializeSnapshot(s: ${M}Snapshot, options: { readonly params?: boolean } = {}): ${M}StoredSnapshot {
  return {
    state: s.state,
    version: s.version,
    ...(options.params === true ? { params: ${ir.params.length === 0 ? '{}' : `{ ${ir.params.map((p) => `${param(p.name)}: s.params.${param(p.name)}`).join(', ')} }`} } : {}),
${slotFields.map((f) => `    ${field(f.name)}: ${toStored(f.type, `s.${field(f.name)}`)},`).join('\n')}
  };
}

${optionsType}

/** Reads a stored snapshot (e.g. parsed JSON from a database) back, as strictly as parseEvent
 *  reads an event: its shape, state, version (a non-negative safe integer), every field's type
 *  and range, set members, the params, and every invariant. Never throws. */
export function parseSnapshot(raw: unknown, options: ${M}ParseSnapshotOptions${withNow ? '' : ' = {}'}): { readonly ok: true; readonly snapshot: ${M}Snapshot } | { readonly ok: false; readonly error: string } {
  try {
    return readSnapshot(raw, options);
  } catch {
    return { ok: false, error: 'the snapshot could not be read (a getter or a proxy threw)' };
  }
}

function readSnapshot(raw: unknown, options: ${M}ParseSnapshotOptions): { readonly ok: true; readonly snapshot: ${M}Snapshot } | { readonly ok: false; readonly error: string } {
  const fail = (error: string) => ({ ok: false as const, error });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('a snapshot must be an object');
  // Each top-level field is read once, into a plain object.
  const input: Record<string, unknown> = { ...raw };
  for (const key of Object.keys(input)) if (!([${keys.map((k) => `'${k}'`).join(', ')}] as readonly string[]).includes(key)) return fail(\`unknown field '\${key}' in the snapshot\`);
  for (const key of [${required.map((k) => `'${k}'`).join(', ')}]) if (!Object.prototype.hasOwnProperty.call(input, key)) return fail(\`missing field \${key} in the snapshot\`);
  const state = input['state'];
  if (!(${states} as readonly unknown[]).includes(state)) return fail(\`state must be one of \${${states}.join(', ')}\`);
  const version = input['version'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) return fail('version must be a non-negative integer');
  let params: ${M}Params;
  if (Object.prototype.hasOwnProperty.call(input, 'params')) {
    const p = readParams(input['params'], 'params');
    if (typeof p === 'string') return fail(p);
${ir.params.map((x) => `    if (options.params !== undefined && p.${param(x.name)} !== options.params.${param(x.name)}) return fail('the stored params.${param(x.name)} differs from options.params.${param(x.name)}');`).join('\n')}
    params = p;
  } else {
    const p = options.params === undefined ? ${ir.params.length === 0 ? '{}' : "'the snapshot holds no params: pass them as options.params'"} : readParams(options.params, 'options.params');
    if (typeof p === 'string') return fail(p);
    params = p;
  }${
    withNow
      ? `
  if (typeof options.now !== 'number' || !Number.isFinite(options.now)) return fail('options.now must be a finite number (milliseconds)');`
      : ''
  }
${slotFields
  .map((f) =>
    indent(
      [
        `const ${local(f.name)} = input['${field(f.name)}'];`,
        // A Nat variable (unbounded, with a model range: IrVar.natural) is never negative.
        ...(f.natural
          ? [natCheck(local(f.name), field(f.name))]
          : check(f.type, local(f.name), field(f.name))),
      ].join('\n'),
      2,
    ),
  )
  .join('\n')}
  const s: ${Wide} = {
    state: state as ${M}StateName,
    version,
    params,
${slotFields.map((f) => `    ${field(f.name)}: ${fromStored(f.type, local(f.name))},`).join('\n')}
  };${invariantsOnRead}
  return { ok: true, snapshot: s as ${M}Snapshot };
}
${
  invariantChecks.length > 0
    ? `
/** The invariants the snapshot breaks (at time now), in declaration order. */
function brokenInvariants(${reads('s', invariantChecks) ? 's' : '_s'}: ${Wide}${withNow ? ', now: number' : ''}): string[] {
  const broken: string[] = [];
${indent(invariantChecks.join('\n'), 2)}
  return broken;
}
`
    : ''
}
${readParams}`);
}

/** The text without the blank lines a list with no items leaves inside a block (a machine
 *  with no params or no variables): a blank line is kept only before a top-level line. */
function dropBlankLinesInBlocks(text: string): string {
  const lines = text.split('\n');
  return lines.filter((l, i) => l !== '' || !/^(\s|\})/.test(lines[i + 1] ?? '')).join('\n');
}

/** Whether a stored value of type `t` is the snapshot's value as it is (no set or map inside). */
function isFlat(t: IrType): boolean {
  return t.kind === 'nullable' ? isFlat(t.inner) : t.kind !== 'set' && t.kind !== 'map';
}
