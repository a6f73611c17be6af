// Overrides of the small values a spec gives the model (`param X: T model N`, `type T model N`),
// for exploring the same machine at other sizes (bench:check). The result is a new IR.

import type { IrMachine } from '../generator/lower/ir.ts';

export class ModelValueError extends Error {
  override readonly name = 'ModelValueError';
}

export function withModelValues(
  ir: IrMachine,
  overrides: Readonly<Record<string, number | boolean>>,
): IrMachine {
  for (const name of Object.keys(overrides))
    if (!ir.params.some((p) => p.name === name) && !ir.types.some((t) => t.name === name))
      throw new ModelValueError(`${ir.name} has no param or type '${name}'`);
  return {
    ...ir,
    params: ir.params.map((p) =>
      p.name in overrides ? { ...p, modelValue: overrides[p.name]! } : p,
    ),
    types: ir.types.map((t) => {
      const v = overrides[t.name];
      if (v === undefined) return t;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
        throw new ModelValueError(`type ${t.name} needs a model size of at least 1`);
      return { ...t, modelSize: v };
    }),
  };
}
