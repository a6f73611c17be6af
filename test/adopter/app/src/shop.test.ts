// The adopter's own test, beside the generated suite in the same vitest run.
import { expect, it } from 'vitest';
import { createOrder, dispatch } from './generated/order.js';

it('an unpaid order times out', () => {
  const order = createOrder({ params: { paymentTimeout: 10 }, now: 0 });
  expect(dispatch(order, { type: 'TIMER' }, 5)).toMatchObject({ ok: false, reason: 'NOT_DUE' });
  expect(dispatch(order, { type: 'TIMER' }, 10)).toMatchObject({ ok: true, to: 'CANCELLED' });
});
