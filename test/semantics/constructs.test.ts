// `-> stay`, `refuse`, `otherwise`, `on violation -> reject`, `fairness ... each` and event fields
// with a model range in the IR and in both interpreters (ir.ts, rules 3, 4, 6 and 7; IrFairness):
// the pipeline (test/pipeline/pipeline-found.test.ts) shows every backend agrees on the fixtures of
// test/fixtures/language/; this shows what they agree on is the construct, not NO_TRANSITION
// everywhere, a stay that moves, an alternative taken out of turn or a refused step that moved
// anyway.

import { describe, expect, it } from 'vitest';
import { STATE_SLOT, VERSION_SLOT } from '../../generator/semantics/compile.ts';
import { Model } from '../../generator/semantics/model.ts';
import { Runtime } from '../../generator/semantics/runtime.ts';
import { emitTla } from '../../generator/emit-tla/emit.ts';
import { emitEngine } from '../../generator/emit-ts/engine.ts';
import { compileSpec } from '../../generator/frontend.ts';
import { codes } from '../helpers.ts';
import type { Value } from '../../generator/semantics/values.ts';
import { irOf } from '../tlc/helpers.ts';
import { explore } from '../../generator/explore/explore.ts';
import { expectRealBehaviour } from '../explore/real-counterexample.ts';

const event = (type: string) => ({ type, payload: {} });

describe('-> stay', () => {
  const ir = irOf('test/fixtures/language/stay.tether');
  const runtime = new Runtime(ir, { Limit: 2 });

  it('lowers to a transition with no target, from each of its sources', () => {
    const heartbeat = ir.transitions.find((t) => t.name === 'heartbeat')!;
    expect(heartbeat.target).toBeNull();
    expect(heartbeat.sources).toEqual(['CLOSED', 'OPEN', 'HALF_OPEN']);
  });

  it('keeps the state it fires in and moves the version, in every source', () => {
    let s: readonly Value[] = runtime.create({}, 0);
    for (const [e, state] of [
      ['HEARTBEAT', 'CLOSED'],
      ['FAILURE', 'CLOSED'],
      ['FAILURE', 'CLOSED'],
      ['FAILURE', 'OPEN'], // trips: failures at the limit, a heartbeat heard
      ['HEARTBEAT', 'OPEN'],
      ['PROBE', 'HALF_OPEN'],
      ['FAILURE', 'HALF_OPEN'],
    ] as const) {
      const r = runtime.dispatch(s, event(e), 0);
      expect(r.ok, `${e} in ${s[STATE_SLOT] as string}`).toBe(true);
      if (!r.ok) return;
      expect(r.to).toBe(state);
      expect(r.snapshot[STATE_SLOT]).toBe(state);
      expect(r.snapshot[VERSION_SLOT]).toBe((s[VERSION_SLOT] as number) + 1);
      s = r.snapshot;
    }
  });

  it('is state\u2032 = state in TLA+', () => {
    const tla = emitTla(ir).module.content;
    const step = tla.slice(tla.indexOf('heartbeat_step(event) =='), tla.indexOf('heartbeat =='));
    expect(step).toContain("/\\ state' = state");
  });
});

describe('refuse', () => {
  const ir = irOf('test/fixtures/language/refuse.tether');
  const runtime = new Runtime(ir, {});
  const model = new Model(ir);

  it('lowers to one refusal per state and event, `*` where no transition or listed refusal is', () => {
    expect(ir.refusals.map((r) => `${r.event} in ${r.state}: ${r.reason}`)).toEqual([
      'SEND in CLOSED: NOT_CONNECTED',
      'CLOSE in CLOSED: NOT_CONNECTED',
      'OPEN in LISTEN: ALREADY_OPEN',
      'SEND in LISTEN: FOREIGN_UNSPECIFIED',
      'OPEN in ESTABLISHED: ALREADY_OPEN',
    ]);
  });

  it('names the rejection of an event with no candidate; others stay NO_TRANSITION', () => {
    const closed = runtime.create({}, 0);
    const reason = (s: readonly Value[], e: string) => {
      const r = runtime.dispatch(s, event(e), 0);
      expect(r.ok).toBe(false);
      expect(r.snapshot).toBe(s); // seed §9: a rejection changes nothing
      return r.ok ? null : r.reason;
    };
    expect(reason(closed, 'SEND')).toBe('NOT_CONNECTED');
    expect(reason(closed, 'CLOSE')).toBe('NOT_CONNECTED');
    expect(reason(closed, 'SYN')).toBe('NO_TRANSITION');
    const listen = runtime.dispatch(closed, event('OPEN'), 0);
    if (!listen.ok) throw new Error('OPEN rejected');
    expect(reason(listen.snapshot, 'SEND')).toBe('FOREIGN_UNSPECIFIED');
    expect(reason(listen.snapshot, 'OPEN')).toBe('ALREADY_OPEN');
    // The model decides alike (the conformance planner reads its decision).
    const open = ir.events.findIndex((e) => e.name === 'OPEN');
    const d = model.decide(
      listen.snapshot.map((v, i) => (i === VERSION_SLOT ? 1 : v)),
      open,
      [],
    );
    expect(d).toMatchObject({ kind: 'none', reason: 'ALREADY_OPEN' });
  });
});

describe('otherwise', () => {
  const ir = irOf('test/fixtures/language/otherwise.tether');
  const runtime = new Runtime(ir, { Threshold: 2 });
  const step = (s: readonly Value[], type: string, payload: Record<string, Value> = {}) => {
    const r = runtime.dispatch(s, { type, payload }, 0);
    if (!r.ok) throw new Error(`${type} rejected: ${r.reason}`);
    return r;
  };

  it('is taken where no earlier candidate is enabled, and only there', () => {
    let s: readonly Value[] = runtime.create({}, 0);
    expect(step(s, 'FAILURE').transition).toBe('count');
    s = step(s, 'FAILURE').snapshot;
    expect(step(s, 'FAILURE').transition).toBe('count');
    s = step(s, 'FAILURE').snapshot;
    expect(step(s, 'FAILURE').transition).toBe('trip'); // failures at the threshold
    s = step(step(s, 'FAILURE').snapshot, 'TIMEOUT').snapshot;
    expect(step(s, 'PROBE', { ok: true }).transition).toBe('close');
    expect(step(s, 'PROBE', { ok: false }).transition).toBe('reopen');
  });

  it('gains one last clause, the earlier candidates not enabled, that names no rejection', () => {
    const trip = ir.transitions.find((t) => t.name === 'trip')!;
    expect(trip.requires).toHaveLength(1);
    expect(trip.requires[0]!.reason).toBe('NO_TRANSITION');
    const reopen = ir.transitions.find((t) => t.name === 'reopen')!;
    expect(reopen.requires.map((r) => r.reason)).toEqual(['NO_PROBES', 'NO_TRANSITION']);
  });

  it('keeps the machine deterministic by construction (the model check agrees)', () => {
    const model = new Model(ir);
    const failure = ir.events.findIndex((e) => e.name === 'FAILURE');
    for (const failures of [0, 1, 2]) {
      const s = runtime
        .create({}, 0)
        .map((v, i) =>
          i === runtime.layout.slots.get('failures') ? failures : i === VERSION_SLOT ? 0 : v,
        );
      const d = model.decide(s, failure, []);
      expect(d.kind).toBe('accept');
      if (d.kind === 'accept') expect(d.transition.ir.name).toBe(failures < 2 ? 'count' : 'trip');
    }
  });
});

describe('on violation -> reject', () => {
  const spec = 'test/fixtures/language/violation-reject.tether';
  const ir = irOf(spec);
  const runtime = new Runtime(ir, { Max: 3 });
  const slot = (name: string) => runtime.layout.slots.get(name)!;
  // In HEATING above the target: heating_below is already broken, and DISPLAY keeps it so.
  const broken = (): readonly Value[] =>
    runtime
      .create({}, 0)
      .map((v, i) =>
        i === STATE_SLOT ? 'HEATING' : i === slot('temp') ? 3 : i === slot('target') ? 1 : v,
      );

  it('has no violation state; INVARIANT_VIOLATION is a reject reason', () => {
    expect(ir.violationState).toBeNull();
    expect(ir.rejectReasons).toContain('INVARIANT_VIOLATION');
    expect(ir.acceptReasons).not.toContain('INVARIANT_VIOLATION');
  });

  it('refuses a step that would break an invariant, returning the very snapshot', () => {
    const s = broken();
    const r = runtime.dispatch(s, event('DISPLAY'), 0);
    expect(r).toEqual({
      ok: false,
      snapshot: s,
      reason: 'INVARIANT_VIOLATION',
      violated: 'heating_below',
    });
    expect(r.snapshot).toBe(s);
    // A step that mends it is taken: TICK settles to IDLE, where heating_below says nothing.
    const t = runtime.dispatch(s, event('TICK'), 0);
    expect(t.ok && t.transition).toBe('settle');
  });

  it('is the engine\u2019s rejection too', () => {
    const engine = emitEngine(ir).content;
    expect(engine).toContain(
      "function violation(s: ThermostatSnapshot, _transition: string): ThermostatOutcome {\n  return { ok: false, snapshot: s, reason: 'INVARIANT_VIOLATION' };",
    );
    // With no violation state to exempt, a stored snapshot's invariants are always checked.
    expect(engine).toMatch(/\n {2}const broken = brokenInvariants\(s\);\n/);
  });
});

describe('the violation state', () => {
  const lint = (extra: string) =>
    codes(
      compileSpec(
        `machine M
states { initial A  B }
event GO {}
accept { OK }
transition go: A -> B on GO
  reason OK
transition back: B -> A on GO
  reason OK
${extra}`,
        'm.tether',
      ),
    );

  it('is needed only where a step can break something', () => {
    expect(lint('')).toEqual([]);
    expect(lint('invariant sane: state == A or state == B')).toEqual(['TTH3006']);
    expect(lint("step moves: state' != state")).toEqual(['TTH3006']);
    expect(lint('invariant sane: state == A or state == B\non violation -> reject')).toEqual([]);
    expect(lint('on violation -> B')).toEqual(['TTH3008']);
  });

  it('that no transition names is not reported unreachable', () => {
    const spec = `machine M
states { initial A  B  terminal FAULT }
event GO {}
accept { OK }
var n: 0..2 = 0
transition go: A -> B on GO
  reason OK
  set n = n + 1
invariant small: n < 2
`;
    expect(codes(compileSpec(spec, 'm.tether'))).toEqual(['TTH3005']);
  });
});

describe('fairness weak each', () => {
  const spec = 'test/fixtures/language/fairness-each.tether';
  const ir = irOf(spec);
  const plain = irOf('test/fixtures/models/weak-fairness-one-payload.tether');

  it('lowers to a per-payload target; the plain clause stays one action', () => {
    expect(ir.fairness).toContainEqual({
      strength: 'weak',
      target: { kind: 'transition', name: 'deliver', each: true },
    });
    expect(plain.fairness).toContainEqual({
      strength: 'weak',
      target: { kind: 'transition', name: 'deliver', each: false },
    });
  });

  it('is one weak fairness conjunct per payload in TLA+', () => {
    const tla = emitTla(ir).module.content;
    expect(tla).toContain('(\\A event \\in DELIVER_Payloads: WF_vars(deliver_step(event)))');
    expect(emitTla(plain).module.content).toMatch(/ \/\\ WF_vars\(deliver\)/);
  });

  it('rules out the loop that delivers to one member forever', () => {
    expect(explore(ir).result).toBe('pass');
    const r = explore(plain);
    expect(r.violations.map((v) => v.property).sort()).toEqual(['announced', 'everyone_hears']);
    // The loop repeats one payload while another stays enabled: fair to deliver, not to each.
    for (const v of r.violations) {
      expectRealBehaviour(plain, v.trace);
      const loop = v.trace.steps.slice(v.trace.loopStart!);
      const to = new Set(loop.map((s) => JSON.stringify(s.event?.payload)));
      expect(loop.every((s) => s.action === 'deliver')).toBe(true);
      expect(to.size).toBe(1);
    }
  });
});

describe('event fields with a model range', () => {
  const ir = irOf('test/fixtures/language/duration-fields.tether');
  const runtime = new Runtime(ir, { MaxTtl: 2 });
  const fields = (e: string) => ir.events.find((x) => x.name === e)!.fields;

  it('lowers the range beside the runtime type; a Nat field is natural', () => {
    expect(fields('ACQUIRE')[1]).toEqual({
      name: 'ttl',
      type: { kind: 'duration' },
      natural: false,
      model: { lo: { kind: 'literal', value: 1 }, hi: { kind: 'literal', value: 3 } },
    });
    expect(fields('WRITE')[0]).toMatchObject({
      name: 'token',
      type: { kind: 'int', range: null },
      natural: true,
    });
  });

  it('gives the model lo..hi as payloads, in the explorer and in TLA+', () => {
    const model = new Model(ir);
    const acquire = ir.events.findIndex((e) => e.name === 'ACQUIRE');
    const ttls = model.eventPayloads(acquire).map((p) => p[1]);
    expect([...new Set(ttls)].sort()).toEqual([1, 2, 3]);
    expect(model.eventPayloads(acquire)).toHaveLength(2 * 3);
    const tla = emitTla(ir).module.content;
    expect(tla).toContain('[client: Client, ttl: (1..3)]');
    expect(tla).toContain('[token: (0..3)]');
  });

  it('takes any value at runtime: a ttl past the model is decided by the guard', () => {
    const s = runtime.create({}, 0);
    const acquire = (ttl: number) =>
      runtime.dispatch(s, { type: 'ACQUIRE', payload: { client: 'c1', ttl } }, 0);
    expect(acquire(1000)).toMatchObject({ ok: false, reason: 'TTL_TOO_LONG' });
    const r = acquire(2);
    expect(r.ok && r.snapshot[runtime.layout.slots.get('expires_at')!]).toBe(2);
  });

  it('is validated by parseEvent: a negative Duration or Nat, a fractional Nat', () => {
    const engine = emitEngine(ir).content;
    expect(engine).toContain(
      "if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0) return fail(`ACQUIRE.ttl must be a non-negative finite number (milliseconds)`);",
    );
    expect(engine).toContain(
      "if (typeof token !== 'number' || !Number.isSafeInteger(token) || token < 0) return fail(`WRITE.token must be a non-negative integer`);",
    );
  });
});

describe('variables with a model bound', () => {
  const ir = irOf('test/fixtures/language/bounded-vars.tether');
  const counter = irOf('test/fixtures/models/bounded-liveness.tether');

  it('lowers the bound beside the runtime type; a Nat variable is natural', () => {
    const polls = ir.vars.find((v) => v.name === 'polls')!;
    expect(polls).toMatchObject({
      type: { kind: 'int', range: null },
      natural: true,
      model: { lo: { kind: 'literal', value: 0 }, hi: { kind: 'literal', value: 4 } },
    });
    expect(ir.vars.find((v) => v.name === 'interval')!.type).toEqual({ kind: 'duration' });
  });

  it('is a CONSTRAINT in TLA+, and TypeOK admits the whole type', () => {
    const { module, cfg } = emitTla(ir);
    expect(module.content).toMatch(
      /ModelBounds ==\n {2}\/\\ interval \\in \(1\.\.3\)\n {2}\/\\ polls \\in \(0\.\.4\)/,
    );
    expect(module.content).toContain('/\\ polls \\in Nat');
    expect(cfg.content).toMatch(/\nCONSTRAINTS\n {2}ModelBounds\n/);
    expect(emitTla(irOf('test/fixtures/language/stay.tether')).cfg.content).not.toContain(
      'CONSTRAINT',
    );
  });

  it('cuts the explorer at the bound, checks the state past it, and says so', () => {
    const r = explore(counter);
    expect(r.result).toBe('pass');
    expect(r.bounds).toEqual(['n in 0..2']);
    // n = 0, 1, 2 kept; n = 3 generated and checked, not kept: no deadlock at n = 2.
    expect(r.distinctStates).toBe(3);
    expect(r.statesGenerated).toBe(4);
    expect(explore(irOf('test/fixtures/language/stay.tether')).bounds).toEqual([]);
  });

  it('leaves the engine the whole value', () => {
    const runtime = new Runtime(counter, {});
    let s: readonly Value[] = runtime.create({}, 0);
    for (let i = 0; i < 5; i++) {
      const r = runtime.dispatch(s, event('INC'), 0);
      expect(r.ok).toBe(true);
      if (r.ok) s = r.snapshot;
    }
    expect(s[runtime.layout.slots.get('n')!]).toBe(5);
    expect(emitEngine(counter).content).toContain(
      "if (typeof f_n !== 'number' || !Number.isSafeInteger(f_n) || f_n < 0) return fail(`n must be a non-negative integer`);",
    );
  });
});
