// TLA+ names (generator/names/tla.ts): spec names TLA+ reserves are escaped injectively, the
// emitter's own names (helpers, their parameters, derived and bound names) never meet a spec
// name, and the module SANY reads parses for specs whose names collide with all of them.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itfToTrace, traceToItf } from '../../generator/conformance/itf.ts';
import { emitTla } from '../../generator/emit-tla/emit.ts';
import { explore } from '../../generator/explore/explore.ts';
import {
  TLA_EMITTER_NAMES,
  TlaNaming,
  tlaIdentifier,
  tlaModuleName,
} from '../../generator/names/tla.ts';
import { unheldValues } from '../../generator/semantics/model.ts';
import { TLC_JAR } from '../tlc/tlc-available.ts';
import { runTlcOn } from '../tlc/helpers.ts';
import { irOfText, sanyErrors } from './helpers.ts';

/** TLA+'s keywords, including the proof language's, as SANY tokenises them. */
const KEYWORDS = [
  'ACTION',
  'ACTIONS',
  'ASSUME',
  'ASSUMPTION',
  'AXIOM',
  'BY',
  'CASE',
  'CHOOSE',
  'CONSTANT',
  'CONSTANTS',
  'COROLLARY',
  'DEF',
  'DEFINE',
  'DEFS',
  'DOMAIN',
  'ELSE',
  'ENABLED',
  'EXCEPT',
  'EXTENDS',
  'HAVE',
  'HIDE',
  'IF',
  'IN',
  'INSTANCE',
  'LAMBDA',
  'LEMMA',
  'LET',
  'LOCAL',
  'MODULE',
  'NEW',
  'OBVIOUS',
  'OMITTED',
  'ONLY',
  'OTHER',
  'PICK',
  'PROOF',
  'PROPOSITION',
  'PROVE',
  'QED',
  'RECURSIVE',
  'STATE',
  'SUBSET',
  'SUFFICES',
  'TAKE',
  'TEMPORAL',
  'TEMPORALS',
  'THEN',
  'THEOREM',
  'UNCHANGED',
  'UNION',
  'USE',
  'VARIABLE',
  'VARIABLES',
  'WITH',
  'WITNESS',
];
/** Operators of TLA+ and of the standard modules the emitted modules extend. */
const OPERATORS = [
  'TRUE',
  'FALSE',
  'BOOLEAN',
  'STRING',
  'Cardinality',
  'IsFiniteSet',
  'Seq',
  'Len',
  'Append',
  'Head',
  'Tail',
  'SubSeq',
  'SelectSeq',
  'Print',
  'PrintT',
  'Assert',
  'JavaTime',
  'TLCGet',
  'TLCSet',
  'Permutations',
  'SortSeq',
  'RandomElement',
  'Any',
  'ToString',
  'TLCEval',
];
/** Keywords of TLC's cfg files. */
const CFG = [
  'INIT',
  'NEXT',
  'SPECIFICATION',
  'INVARIANT',
  'INVARIANTS',
  'PROPERTY',
  'PROPERTIES',
  'SYMMETRY',
  'VIEW',
  'CONSTRAINT',
  'ALIAS',
  'POSTCONDITION',
  'CHECK_DEADLOCK',
];
/** The emitter's helpers and locals that a spec can spell (`state`, `version` and `event` are Tether's own). */
const HELPERS = [
  'Init',
  'Next',
  'Spec',
  'vars',
  'TypeOK_',
  'Tick',
  'Done',
  'Null',
  'States',
  'TerminalStates',
  'VersionModulus',
  'TimePassed',
  'Dec',
  'Clamp',
  't',
  'TraceStates',
  'TraceActions',
  'Is',
  'IsNext',
  'TraceStep',
  'TraceInit',
  'TraceNext',
  'tr_k',
  'tr_i',
  'tr_s',
  'tr_a',
  'TraceDepthReached',
];
/** Names TLA+ cannot spell as they are. */
const UNSPELLABLE = ['WF_a', 'SF_b', '_', '__', '_1'];

const VARIABLES = [...KEYWORDS, ...OPERATORS, ...CFG, ...HELPERS, ...UNSPELLABLE].filter(
  (n) => !['STATE', 'Init', 'Next'].includes(n),
);

const mini = (extra: string) =>
  `machine M\nstates { initial A  terminal Z }\nevent GO {}\naccept { OK }\ntransition go: A -> Z on GO\n  reason OK\n${extra}`;

describe('tlaIdentifier', () => {
  it('keeps plain names and escapes every reserved or unspellable one', () => {
    expect(tlaIdentifier('active_transport')).toBe('active_transport');
    expect(tlaIdentifier('ELSE')).toBe('ELSE_');
    expect(tlaIdentifier('Init')).toBe('Init_');
    expect(tlaIdentifier('WF_a')).toBe('XWF_a_X_');
    expect(tlaIdentifier('_')).toBe('X__X_');
    for (const n of [
      ...KEYWORDS,
      ...OPERATORS,
      ...CFG,
      ...HELPERS.filter((h) => h !== 'TypeOK_'),
      ...TLA_EMITTER_NAMES,
    ])
      expect(tlaIdentifier(n)).not.toBe(n);
    expect(tlaModuleName('Integers')).toBe('Integers_');
    expect(tlaModuleName('Session')).toBe('Session');
  });

  it('is injective, and its names are never reserved, never unspellable', () => {
    const reserved = new Set([
      ...KEYWORDS,
      ...OPERATORS,
      ...CFG,
      ...TLA_EMITTER_NAMES,
      'WF_',
      'SF_',
    ]);
    const word = fc.oneof(
      fc.constantFrom(...KEYWORDS, ...OPERATORS, ...CFG, ...HELPERS, ...UNSPELLABLE, 'X', 'x', '1'),
      fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,4}$/),
    );
    // Names built from reserved words and the escape's own pieces (`_`, `X`, `WF_`).
    const name = fc
      .array(word, { minLength: 1, maxLength: 3 })
      .map((ws) => ws.join(''))
      .filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
    fc.assert(
      fc.property(name, name, (a, b) => {
        const ea = tlaIdentifier(a);
        expect(reserved.has(ea)).toBe(false);
        expect(ea).toMatch(/[A-Za-z]/);
        expect(ea).not.toMatch(/^(WF|SF)_/);
        if (a !== b) expect(ea).not.toBe(tlaIdentifier(b));
      }),
      { numRuns: 3000, seed: 10 },
    );
  }, 30_000);
});

describe('the emitted module parses whatever the spec names are', () => {
  // Defect 2: `var t` met the parameter of Dec(t)/Clamp(t); `var k` and `forall k` were
  // one symbol twice for SANY. Defect 14: proof keywords, WF_/SF_ prefixes, names without a
  // letter, and standard-module operators were not escaped.
  const specs = {
    't, the parameter of Dec and Clamp': mini(
      'var t: 0..1 = 0\nvar at: Time? = null\ninvariant i: t >= 0 and (at == null or at != null)',
    ),
    'a variable and a quantifier both named k, and nested quantifiers of one name': mini(
      'var k: 0..2 = 0\ninvariant i: (forall k in 0..2: k >= 0) and k <= 2\ninvariant j: forall k in 0..1: exists k in 0..2: k >= 0',
    ),
    'a quantifier named after a helper, a spec variable and the escaped form of one': mini(
      'var Init_: Bool = true\ninvariant i: (forall Init in 0..1: Init >= 0) and (forall Init_ in 0..1: Init_ >= 0) and Init_\ninvariant j: forall t in 0..1: forall Dec in 0..1: t + Dec >= 0',
    ),
    // (STATE would be the engine's field `state`, Init and Next its `init` and `next` like INIT and NEXT)
    'keywords, operators, cfg keywords and helpers as variables': mini(
      VARIABLES.map((n) => `var ${n}: Bool = true`).join('\n') +
        `\ninvariant inv: ${VARIABLES.join(' and ')}`,
    ),
    'keywords, operators, cfg keywords and helpers as invariants': mini(
      [...KEYWORDS, ...OPERATORS, ...CFG, ...HELPERS, ...UNSPELLABLE]
        .map((n) => `invariant ${n}: state == A or state == Z`)
        .join('\n'),
    ),
    'keywords as an invariant, a step, a property, a transition, a param, a type, an enum and fields':
      'machine LAMBDA\ntype ASSUME model 1\nenum THEOREM { PROOF, QED }\nparam INSTANCE: Nat model 1\nparam WF_p: Int model -1\n' +
      'states { initial A  terminal Z }\nconst USE: ASSUME\nvar RECURSIVE: THEOREM = PROOF\n' +
      'event GO { BY: Bool, DEF: THEOREM, WF_f: Bool, _: ASSUME?, Nat_: Bool }\naccept { OK }\n' +
      'transition HIDE: A -> Z on GO\n  reason OK\n  require event.BY and event.DEF == QED and event.WF_f and event._ != USE else NO\n  set RECURSIVE = event.DEF\n' +
      "reject { NO }\ninvariant PICK: RECURSIVE == PROOF or RECURSIVE == QED or INSTANCE + WF_p >= 0\nstep WITNESS: USE' == USE\n" +
      'property SUFFICES: always (state == Z => always state == Z)\nfairness weak HIDE',
    'a spec name equal to a name the emitter derives (go_guard, go_enabled, GO_Payloads, Offset_ModelValue)':
      mini(
        'var go_guard: Bool = true\nvar go_step: Bool = true\nvar go_enabled: Bool = true\nvar GO_Payloads: Bool = true\nparam Offset: Int model -1\nvar Offset_ModelValue: Bool = true\ninvariant Ensures_go: go_guard and go_step and go_enabled and GO_Payloads and Offset_ModelValue and Offset < 0\ninvariant e: enabled(go) or state == Z',
      ),
  };

  it.skipIf(!TLC_JAR)(
    'SANY parses the module of each (TLC present)',
    () => {
      const irs = Object.entries(specs).map(([title, text]) => irOfText(text, `${title}.tether`));
      expect(sanyErrors(TLC_JAR!, irs)).toBe('');
    },
    120_000,
  );

  it.skipIf(!TLC_JAR)(
    'TLC reads the cfg of a spec named with cfg keywords and agrees with the explorer',
    async () => {
      const ir = irOfText(
        specs[
          'keywords as an invariant, a step, a property, a transition, a param, a type, an enum and fields'
        ],
        'kw.tether',
      );
      const tlc = await runTlcOn(ir, TLC_JAR!);
      const mine = explore(ir);
      expect(tlc.result).toBe('pass');
      expect([tlc.distinctStates, tlc.depth]).toEqual([mine.distinctStates, mine.depth]);
      expect(tlc.properties.map((p) => [p.name, p.status])).toEqual(
        mine.properties.map((p) => [p.name, p.status]),
      );
    },
    120_000,
  );

  it('names derived from spec names never equal a spec name', () => {
    const module = emitTla(
      irOfText(
        specs[
          'a spec name equal to a name the emitter derives (go_guard, go_enabled, GO_Payloads, Offset_ModelValue)'
        ],
        'd.tether',
      ),
    ).module.content;
    const heads = [...module.matchAll(/^(\w+)(?:\(.*\))? ==$/gm)].map((m) => m[1]!);
    const declared = [...module.matchAll(/^ {2}(\w+),? \\\*/gm)].map((m) => m[1]!);
    expect(new Set([...heads, ...declared]).size).toBe(heads.length + declared.length);
    expect(module).toMatch(/^go_guard1\(event\) ==$/m);
    expect(module).toMatch(/^ {2}go_guard,? \\\* var go_guard$/m);
  }, 30_000);
});

describe('names in traces', () => {
  it('a transition named init is a step of an ITF trace, not its initial state', () => {
    const ir = irOfText(
      'machine M\nstates { initial A  terminal Z }\nevent GO {}\naccept { OK }\ntransition init: A -> Z on GO\n  reason OK\n',
      'init.tether',
    );
    const entries = [
      { action: null, event: null, payload: {}, state: ['A', 0] },
      { action: 'init', event: 'GO', payload: {}, state: ['Z', 1] },
    ];
    const itf = JSON.parse(
      JSON.stringify(traceToItf(ir, entries, { description: 'a run', kind: 'behaviour' })),
    );
    expect(itfToTrace(ir, itf, 'init.itf.json').entries).toEqual(entries);
  }, 30_000);
});

describe('model values', () => {
  it('are apart from every name of the module and from each other, else named <T><k>', () => {
    const ir = irOfText(
      [
        'machine M',
        'type T model 12',
        'type T1 model 2',
        'type Nonce model 2',
        'type Nonce_Unheld model 1',
        'states { initial A  terminal Z }',
        'var a: T? = null',
        'var T12: Bool = false',
        'var n: Nonce? = null',
        'event GO { x: T, y: T1, p: Nonce, q: Nonce_Unheld }',
        'accept { OK }',
        'transition go: A -> A on GO',
        '  reason OK',
        '  set a = event.x',
        '  set n = event.p',
        '  set T12 = not T12',
        'invariant I: enabled(go) or a != null or n != null or not T12',
      ].join('\n'),
      'values.tether',
    );
    const naming = new TlaNaming(ir);
    const own = ir.types.map((t) => naming.modelValues(t.name));
    const unheld = [...unheldValues(ir).values()].flat();
    expect(own).toEqual([
      ['T_1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T_12'],
      ['T1_1', 'T1_2'],
      ['Nonce1', 'Nonce2'],
      ['Nonce_Unheld_1'], // Nonce_Unheld1 is Nonce's `<T>_Unheld` constant here
    ]);
    expect(unheld).toEqual(['T_Unheld1', 'T1_Unheld1', 'Nonce_Unheld2', 'Nonce_Unheld_Unheld1']);
    const all = [...own.flat(), ...unheld];
    expect(new Set(all).size).toBe(all.length);
    const module = emitTla(ir).module.content;
    for (const v of all)
      expect(module).not.toMatch(new RegExp(`^(\\s+)?${v}\\b.*(==|\\\\\\*)`, 'm'));
  }, 30_000);
});
