// The generated engine (generated/session.ts) behaves exactly as the runtime IR interpreter
// (the oracle): same outcome, reason, transition and snapshot on guided random walks, and a
// rejection returns the very same snapshot object.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as engine from '../../generated/session.ts';
import { camel } from '../../generator/emit-ts/names.ts';
import { STATE_SLOT, VERSION_SLOT } from '../../generator/semantics/compile.ts';
import { Model } from '../../generator/semantics/model.ts';
import { Runtime } from '../../generator/semantics/runtime.ts';
import type { Value } from '../../generator/semantics/values.ts';
import { irOf } from '../tlc/helpers.ts';
import { pbtOptions } from '../helpers.ts';
import { recoveryBoundWalk, walkCommands, type WalkCommand } from '../semantics/walks.ts';

const ir = irOf('spec/session.tether');
const model = new Model(ir);
const modelParams = Object.fromEntries(ir.params.map((p) => [p.name, p.modelValue]));
const oracle = new Runtime(ir, modelParams);
const params = Object.fromEntries(
  ir.params.map((p) => [camel(p.name), p.modelValue]),
) as unknown as engine.SessionParams;

/** The oracle's slot array for an engine snapshot. */
function slots(s: engine.SessionSnapshot): Value[] {
  const out: Value[] = new Array<Value>(oracle.layout.size).fill(null);
  out[STATE_SLOT] = s.state;
  out[VERSION_SLOT] = s.version;
  const record = s as unknown as Record<string, unknown>;
  for (const [name, slot] of oracle.layout.slots) {
    const v = record[camel(name)];
    out[slot] = v instanceof Set ? ([...v].sort() as Value) : (v as Value);
  }
  return out;
}

const command = walkCommands(model);

describe('generated/session.ts conforms to the IR', () => {
  const seen = new Set<string>();
  const walk = (commands: readonly WalkCommand[]): void => {
    let now = 5_000;
    let s = engine.createSession({ sessionId: engine.asSessionId('SessionId1'), params, now });
    let o = oracle.create({ session_id: 'SessionId1' }, now);
    expect(slots(s)).toEqual(o);
    for (const c of commands) {
      if (c.kind === 'tick') {
        now += 1;
        continue;
      }
      const event = ir.events[c.ev]!;
      const all = model.eventPayloads(c.ev);
      const accepted = all.filter(
        (p) =>
          oracle.dispatch(
            o,
            {
              type: event.name,
              payload: Object.fromEntries(event.fields.map((f, i) => [f.name, p[i]!])),
            },
            now,
          ).ok,
      );
      const chosen = (c.guided && accepted.length > 0 ? accepted : all)[
        c.pick % (c.guided && accepted.length > 0 ? accepted.length : all.length)
      ]!;
      const payload = Object.fromEntries(event.fields.map((f, i) => [f.name, chosen[i]!]));
      const expectedVersion =
        c.version === 'none' ? undefined : c.version === 'right' ? s.version : s.version + 1;
      const tsEvent = {
        type: event.name,
        ...Object.fromEntries(event.fields.map((f, i) => [camel(f.name), chosen[i]!])),
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
      } as unknown as engine.SessionEvent;
      const got = engine.dispatch(s, tsEvent, now);
      const want = oracle.dispatch(
        o,
        expectedVersion === undefined
          ? { type: event.name, payload }
          : { type: event.name, payload, expectedVersion },
        now,
      );
      expect(got.ok).toBe(want.ok);
      expect(got.reason).toBe(want.reason);
      if (got.ok && want.ok) {
        expect({ transition: got.transition, from: got.from, to: got.to }).toEqual({
          transition: want.transition,
          from: want.from,
          to: want.to,
        });
        seen.add(got.transition);
      } else expect(got.snapshot).toBe(s);
      expect(slots(got.snapshot)).toEqual(want.snapshot);
      s = got.snapshot;
      o = want.snapshot as Value[];
    }
  };

  it('on guided random walks', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 10, maxLength: 100, size: 'max' }), walk),
      pbtOptions(500),
    );

    for (const t of ir.transitions.map((x) => x.name).filter((n) => n !== 'hit_recovery_bound'))
      expect(seen, `walks reached ${t}`).toContain(t);
  });

  it('through the recovery bound (a scripted walk: two switches in a window, then a third attempt)', () => {
    seen.clear();
    walk(recoveryBoundWalk(ir));
    expect([...seen]).toContain('hit_recovery_bound');
  });
});

describe('emitEngine', () => {
  it('matches the golden engine of the constructs fixture (type-checked by `npm run lint`)', async () => {
    const { emitEngine } = await import('../../generator/emit-ts/engine.ts');
    const out = emitEngine(irOf('test/fixtures/golden/constructs.tether'), 'generated');
    expect(out.path).toBe('generated/door.ts');
    await expect(out.content).toMatchFileSnapshot('../fixtures/golden/door.engine.ts');
  });

  it('is deterministic and writes the committed generated/session.ts exactly', async () => {
    const { emitEngine } = await import('../../generator/emit-ts/engine.ts');
    const { readFileSync } = await import('node:fs');
    const a = emitEngine(ir);
    expect(emitEngine(irOf('spec/session.tether'))).toEqual(a);
    expect(readFileSync(new URL('../../generated/session.ts', import.meta.url), 'utf8')).toBe(
      a.content,
    );
    expect(
      a.content.startsWith(
        '// Generated by `tether generate` from spec/session.tether. DO NOT EDIT:',
      ),
    ).toBe(true);
    expect(a.content).not.toMatch(/:\s*any\b|\bas any\b|<any>/);
  });
});
