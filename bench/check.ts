// bench:check — the built-in explorer against TLC (one worker) on the flagship spec at three
// model sizes, side by side: distinct states, depth, wall time and distinct states per
// second. TLC's wall time includes the JVM's start. Goal: the explorer at least as fast as
// single-worker TLC in states per second.
//
//   npm run bench:check                      all sizes (large takes TLC many minutes)
//   npm run bench:check -- --sizes small,default --json

import { readFileSync } from 'node:fs';
import { compileSpec } from '../generator/frontend.ts';
import { emitTla } from '../generator/emit-tla/emit.ts';
import { explore } from '../generator/explore/explore.ts';
import type { IrMachine } from '../generator/lower/ir.ts';
import { withModelValues } from './model-values.ts';
import { locateChecker } from '../generator/tlc/locate.ts';
import { interpretTlc } from '../generator/tlc/read-run.ts';
import { javaCommand, runTlc } from '../generator/tlc/run.ts';

const SIZES: Record<string, Record<string, number>> = {
  small: {
    SessionTtl: 3,
    TransportLossTtl: 1,
    RecoveryWindow: 1,
    MaxSwitchesPerWindow: 1,
    TransportId: 1,
    Nonce: 1,
  },
  default: {},
  large: {
    SessionTtl: 30,
    TransportLossTtl: 6,
    RecoveryWindow: 6,
    MaxSwitchesPerWindow: 3,
    TransportId: 5,
    Nonce: 6,
  },
};

interface Row {
  size: string;
  checker: 'explorer' | 'tlc';
  result: string;
  distinctStates: number;
  depth: number;
  seconds: number;
  statesPerSecond: number;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const sizesArg = args.find((a) => a.startsWith('--sizes'));
const sizes = sizesArg
  ? (sizesArg.includes('=') ? sizesArg.split('=')[1]! : args[args.indexOf(sizesArg) + 1]!).split(
      ',',
    )
  : Object.keys(SIZES);
for (const s of sizes)
  if (!SIZES[s]) throw new Error(`unknown size '${s}' (small, default, large)`);

const base = compileSpec(readFileSync('spec/session.tether', 'utf8'), 'spec/session.tether').ir!;
const checker = locateChecker();
const tlcJar = checker.kind === 'java' ? checker.jar : null;
if (!tlcJar && !json)
  console.log(
    `TLC is not available here (${checker.kind === 'explorer' ? checker.why : 'Docker only'}): explorer figures only.\n`,
  );

const rows: Row[] = [];
const row = (
  size: string,
  checkerName: Row['checker'],
  r: { result: string; distinctStates: number; depth: number },
  seconds: number,
): void => {
  rows.push({
    size,
    checker: checkerName,
    result: r.result,
    distinctStates: r.distinctStates,
    depth: r.depth,
    seconds,
    statesPerSecond: Math.round(r.distinctStates / seconds),
  });
  if (!json) {
    const last = rows[rows.length - 1]!;
    console.log(
      `${size.padEnd(8)} ${checkerName.padEnd(9)} ${last.result.padEnd(5)} ${String(last.distinctStates).padStart(10)} ${String(last.depth).padStart(6)} ${last.seconds.toFixed(2).padStart(9)} ${String(last.statesPerSecond).padStart(12)}`,
    );
  }
};

if (!json)
  console.log(
    `${'size'.padEnd(8)} ${'checker'.padEnd(9)} ${'ok'.padEnd(5)} ${'distinct'.padStart(10)} ${'depth'.padStart(6)} ${'seconds'.padStart(9)} ${'states/s'.padStart(12)}`,
  );
for (const size of sizes) {
  const ir: IrMachine = withModelValues(base, SIZES[size]!);
  const t0 = performance.now();
  const e = explore(ir);
  row(size, 'explorer', e, (performance.now() - t0) / 1000);
  if (tlcJar) {
    const files = emitTla(ir);
    const t1 = performance.now();
    const run = await runTlc(
      { moduleName: files.moduleName, tla: files.module.content, cfg: files.cfg.content },
      () => javaCommand(tlcJar, files.moduleName, 1),
    );
    const t = interpretTlc(ir, run.messages, run.exitCode);
    row(size, 'tlc', t, (performance.now() - t1) / 1000);
    if (t.distinctStates !== e.distinctStates || t.depth !== e.depth)
      console.error(
        `  DISAGREEMENT at ${size}: TLC ${t.distinctStates}/${t.depth}, explorer ${e.distinctStates}/${e.depth}`,
      );
  }
}
if (json) console.log(JSON.stringify({ spec: 'spec/session.tether', sizes: SIZES, rows }, null, 2));
