// The commands of the runtime-vs-model walks (runtime.test.ts): one tick of time, or an
// event. Events whose every transition ends the machine are drawn rarely, so walks get
// somewhere; half the events are guided (at run time they take a payload some transition
// accepts, if any) so walks reach deep states, the others take any payload and exercise
// rejections; the expected version is absent, right or wrong.

import fc from 'fast-check';
import type { IrMachine } from '../../generator/lower/ir.ts';
import type { Model } from '../../generator/semantics/model.ts';

export type WalkCommand =
  | { readonly kind: 'tick' }
  | {
      readonly kind: 'event';
      readonly ev: number;
      readonly pick: number;
      readonly guided: boolean;
      readonly version: 'none' | 'right' | 'wrong';
    };

export function walkCommands(model: Model): fc.Arbitrary<WalkCommand> {
  const ir = model.ir;
  const ends = (ev: number): boolean =>
    ir.transitions
      .filter((t) => t.event === ir.events[ev]!.name)
      .every((t) => t.target !== null && model.terminal.has(t.target));
  const event = (ev: number): fc.Arbitrary<WalkCommand> =>
    fc
      .record({
        pick: fc.nat(),
        guided: fc.boolean(),
        version: fc.constantFrom(
          'none' as const,
          'none' as const,
          'right' as const,
          'wrong' as const,
        ),
      })
      .map((r) => ({ kind: 'event' as const, ev, ...r }));
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant({ kind: 'tick' as const }) },
    ...ir.events.map((_, ev) => ({ weight: ends(ev) ? 1 : 10, arbitrary: event(ev) })),
  );
}

/** A scripted walk through the flagship's recovery bound: two switches in one window, then a
 *  third attempt (too deep for random walks to reach reliably). */
export function recoveryBoundWalk(ir: IrMachine): WalkCommand[] {
  const go = (name: string): WalkCommand => ({
    kind: 'event',
    ev: ir.events.findIndex((x) => x.name === name),
    pick: 0,
    guided: true,
    version: 'none',
  });
  return [
    'HANDSHAKE',
    'TRANSPORT_DEAD',
    'REATTACH',
    'TRANSPORT_DEAD',
    'REATTACH',
    'TRANSPORT_DEAD',
    'REATTACH',
  ].map(go);
}
