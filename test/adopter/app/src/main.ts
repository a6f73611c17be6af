// An adopter's own code (.ci/adopter): the engine `tether generate` wrote from the example spec
// `tether init` added, run under plain node after tsc; a snapshot stored as JSON text and read
// back before the next event.
import {
  asPaymentId,
  createOrder,
  dispatch,
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
