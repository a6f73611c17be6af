// An adopter's own code (.ci/adopter): the engine `tether generate` wrote from the example spec
// `tether init` added, run under plain node after tsc; a snapshot stored as JSON text and read
// back before the next event; the spec compiled through the package's API (`tether-spec`), and
// a request served through its store (`tether-spec/store`).
import { readFileSync } from 'node:fs';
import { compile } from 'tether-spec';
import { handle, memoryStore, SnapshotStore } from 'tether-spec/store';
import {
  asPaymentId,
  createOrder,
  dispatch,
  parseEvent,
  parseSnapshot,
  serializeSnapshot,
} from './generated/order.js';

const params = { paymentTimeout: 15 * 60_000 };
const placed = createOrder({ params, now: 0 });
const paid = dispatch(placed, { type: 'PAY', payment: asPaymentId('p-1'), approved: true }, 1_000);
if (!paid.ok) throw new Error(`PAY rejected: ${paid.reason}`);
const stored = JSON.stringify(serializeSnapshot(paid.snapshot));
const read = parseSnapshot(JSON.parse(stored), { params });
if (!read.ok) throw new Error(`stored snapshot refused: ${read.error}`);
const shipped = dispatch(read.snapshot, { type: 'SHIP' }, 2_000);
if (!shipped.ok) throw new Error(`SHIP rejected: ${shipped.reason}`);
const late = dispatch(shipped.snapshot, { type: 'CANCEL' }, 3_000);
console.log(
  `${paid.from} -> ${paid.to} -> ${shipped.to}; CANCEL when shipped: ${late.ok ? 'accepted' : late.reason}`,
);

const spec = compile(readFileSync('spec/order.tether', 'utf8'), 'spec/order.tether');
if (!spec.ir) throw new Error(`the spec does not compile: ${spec.diagnostics.length} diagnostics`);
const store = new SnapshotStore(memoryStore(), {
  serializeSnapshot,
  parseSnapshot: (raw) => parseSnapshot(raw, { params }),
});
await store.create('o-1', placed);
const served = await handle(store, { parseEvent, dispatch }, 'o-1', '{"type":"SHIP"}', Date.now);
console.log(
  `machine ${spec.ir.name}: ${spec.ir.transitions.length} transitions; SHIP before PAY through the store: ${served.kind === 'rejected' ? served.outcome.reason : served.kind}`,
);
