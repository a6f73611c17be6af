// A valid .tether spec with N transitions, for timing the emitters as a spec grows wide
// (issue 11: `generate` must stay linear in transitions). Ten states in a ring, one event per
// ten transitions, each transition with a require clause, assignments and an ensure; a small
// state space, so the explorer's share stays small.
//
//   node --import tsx bench/wide-spec.ts 600 > /tmp/wide.tether

/** The text of a spec `machine Wide` with `transitions` transitions. */
export function wideSpec(transitions: number): string {
  const states = 10;
  const events = Math.max(1, Math.ceil(transitions / states));
  const lines = [
    `// bench/wide-spec.ts: ${transitions} transitions.`,
    'machine Wide',
    '',
    'type Ticket model 2',
    'param Limit: Nat model 2',
    '',
    'states {',
    '  initial S0',
    ...Array.from({ length: states - 1 }, (_, i) => `  S${i + 1}`),
    '  terminal DONE',
    '}',
    'on violation -> DONE',
    '',
    'var count: 0..Limit = 0',
    'var holder: Ticket? = null',
    'var seen: set<Ticket> = {}',
    '',
    ...Array.from({ length: events }, (_, i) => `event E${i} { ticket: Ticket, ok: Bool }`),
    'event FINISH {}',
    '',
    'accept { STEPPED, FINISHED }',
    'reject { NOT_OK, FULL }',
    '',
  ];
  for (let i = 0; i < transitions; i++) {
    const from = i % states;
    const to = (from + 1) % states;
    lines.push(
      `transition t${i}: S${from} -> S${to} on E${Math.floor(i / states)}`,
      '  reason STEPPED',
      '  require event.ok else NOT_OK',
      ...(i % 2 === 0 ? ['  require count < Limit or holder == null else FULL'] : []),
      i % 2 === 0
        ? '  set count = if count < Limit then count + 1 else 0, holder = event.ticket, seen = seen union {event.ticket}'
        : '  set count = 0, holder = null',
      ...(i % 2 === 0 ? ['  ensure holder != null'] : ['  ensure holder == null']),
      '',
    );
  }
  lines.push(
    'transition finish: * -> DONE on FINISH',
    '  reason FINISHED',
    '',
    'invariant count_bounded: count <= Limit',
    "step seen_grows: seen subset seen'",
    '',
  );
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 600);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error('usage: wide-spec.ts <transitions>');
  process.stdout.write(wideSpec(n));
}
