// The engine's parseEvent section: parseEvent and readEvent, which validate untrusted input
// (e.g. parsed JSON) as one of the machine's events, printed as text from the IR's events.

import type { IrField, IrMachine } from '../lower/ir.ts';
import type { IrType } from '../lower/types.ts';
import type { TsNaming } from '../names/ts.ts';
import type { EngineContext } from './engine-context.ts';
import { indent, natCheck } from './printed-code.ts';

/** Declares parseEvent (always emitted) in `context.decls`. */
export function emitParseEvent(context: EngineContext): void {
  const { ir, names, tsType, use, statements } = context;
  statements(() => parseEventSource(ir, names, tsType, use));
}

/** parseEvent and what it calls; `use` records the enum constants it reads. */
function parseEventSource(
  ir: IrMachine,
  names: TsNaming,
  tsType: (t: IrType) => string,
  use: (name: string) => string,
): string {
  const { M } = names;
  // `depth`: how many sets this value is inside, naming each loop's variable apart.
  const check = (t: IrType, v: string, path: string, depth = 0): string => {
    switch (t.kind) {
      case 'bool':
        return `if (typeof ${v} !== 'boolean') return fail(\`${path} must be true or false\`);`;
      case 'opaque':
        use('MAX_ID_LENGTH');
        return `if (typeof ${v} !== 'string' || ${v}.length === 0 || ${v}.length > MAX_ID_LENGTH) return fail(\`${path} must be a non-empty string of at most \${MAX_ID_LENGTH} characters\`);`;
      case 'enum':
        return `if (!(${use(names.enumValues(t.name))} as readonly unknown[]).includes(${v})) return fail(\`${path} must be one of \${${names.enumValues(t.name)}.join(', ')}\`);`;
      case 'state':
        return `if (!(${use(names.statesConst)} as readonly unknown[]).includes(${v})) return fail(\`${path} must be one of \${${names.statesConst}.join(', ')}\`);`;
      case 'int': {
        const lo = t.range?.lo.kind === 'literal' ? t.range.lo.value : null;
        const hi = t.range?.hi.kind === 'literal' ? t.range.hi.value : null;
        const bounds = [lo !== null ? `${v} < ${lo}` : '', hi !== null ? `${v} > ${hi}` : '']
          .filter(Boolean)
          .join(' || ');
        return `if (typeof ${v} !== 'number' || !Number.isSafeInteger(${v})${bounds ? ` || ${bounds}` : ''}) return fail(\`${path} must be an integer${lo !== null || hi !== null ? ` in ${lo ?? ''}..${hi ?? ''}` : ''}\`);`;
      }
      case 'duration':
        return `if (typeof ${v} !== 'number' || !Number.isFinite(${v}) || ${v} < 0) return fail(\`${path} must be a non-negative finite number (milliseconds)\`);`;
      case 'nullable':
        return `if (${v} !== null) { ${check(t.inner, v, path, depth)} }`;
      case 'set': {
        use('MAX_SET_SIZE');
        const item = depth === 0 ? 'item' : `item${depth}`;
        const inner = check(t.element, item, `${path}[]`, depth + 1);
        // One statement stays on the loop's line; a nested set's two go on lines of their own.
        const body = inner.includes('\n')
          ? `{\n  ${inner.replaceAll('\n', '\n  ')}\n}`
          : `{ ${inner} }`;
        return `if (!Array.isArray(${v}) || ${v}.length > MAX_SET_SIZE) return fail(\`${path} must be an array of at most \${MAX_SET_SIZE} items\`);\nfor (const ${item} of ${v} as unknown[]) ${body}`;
      }
      default:
        return `return fail('${path} has a type events cannot carry');`;
    }
  };
  // A Nat field is an unbounded integer that cannot be negative.
  const checkField = (f: IrField, v: string, path: string): string =>
    f.natural ? natCheck(v, path) : check(f.type, v, path);
  // A set of sets: each member array becomes a set, and equal members are one (setOfDeep).
  const convert = (t: IrType, v: string, depth = 0): string => {
    if (t.kind !== 'set') return `${v} as ${tsType(t)}`;
    if (t.element.kind !== 'set') return `new Set(${v} as ${tsType(t.element)}[])`;
    const x = `x${depth}`;
    return `${use('setOfDeep')}((${v} as unknown[]).map((${x}) => ${convert(t.element, x, depth + 1)}))`;
  };
  const cases = ir.events.map((e) => {
    const allowed = ['type', 'expectedVersion', ...e.fields.map((f) => names.eventField(f.name))];
    // Each field is read into its local (names/ts.ts): never a reserved word, never one of
    // this function's own names (input, fail, version, event, …).
    return `case '${e.name}': {
  for (const key of Object.keys(input)) if (![${allowed.map((a) => JSON.stringify(a)).join(', ')}].includes(key)) return fail(\`unknown field '\${key}' in ${e.name}\`);
  ${e.fields.map((f) => `if (!Object.prototype.hasOwnProperty.call(input, '${names.eventField(f.name)}')) return fail('missing field ${names.eventField(f.name)} in ${e.name}');\n  const ${names.fieldLocal(f.name)}: unknown = input['${names.eventField(f.name)}'];\n  ${checkField(f, names.fieldLocal(f.name), `${e.name}.${names.eventField(f.name)}`).replaceAll('\n', '\n  ')}`).join('\n  ')}
  const event: ${M}Event = { type: '${e.name}'${e.fields.map((f) => `, ${names.eventField(f.name)}: ${convert(f.type, names.fieldLocal(f.name))}`).join('')} };
  return { ok: true, event: version === undefined ? event : { ...event, expectedVersion: version } };
}`;
  });
  return `const EVENT_TYPES: readonly string[] = [${ir.events.map((e) => `'${e.name}'`).join(', ')}];

/** Validates untrusted input (e.g. parsed JSON) as a ${M}Event. Never throws: an object JSON
 *  cannot make (a getter or a Proxy trap that throws while it is read) is refused too. */
export function parseEvent(raw: unknown): { readonly ok: true; readonly event: ${M}Event } | { readonly ok: false; readonly error: string } {
  try {
    return readEvent(raw);
  } catch {
    return { ok: false, error: 'the event could not be read (a getter or a proxy threw)' };
  }
}

function readEvent(raw: unknown): { readonly ok: true; readonly event: ${M}Event } | { readonly ok: false; readonly error: string } {
  const fail = (error: string) => ({ ok: false as const, error });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('an event must be an object');
  const input = raw as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(input, 'type')) return fail('missing field type');
  const type = input['type'];
  let version: number | undefined;
  if (Object.prototype.hasOwnProperty.call(input, 'expectedVersion')) {
    const v = input['expectedVersion'];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return fail('expectedVersion must be a non-negative integer');
    version = v;
  }
  switch (type) {
${indent(cases.join('\n'), 4)}
  }
  return fail(\`unknown event type (expected one of \${EVENT_TYPES.join(', ')})\`);
}`;
}
