// `npm run mutate [-- --json] [--operator NAME] [--id N,M] [--jobs N]`: every mutant of every generated
// engine (mutants.ts) against that engine's generated conformance suite, each in its own
// vitest run (vitest.mutant.config.ts points the suite's engine import at the mutant; TLC is
// left out, the seed fixed). A mutant is killed when the suite fails (or times out). Exit 1
// when a survivor has no reason in equivalent.ts: the suite missed a behaviour change.

import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMutant, listMutants, type Mutant } from './mutants.ts';
import { loadIrArtifact } from '../ir-json/load.ts';
import type { IrMachine } from '../lower/ir.ts';
import { exploreGraph } from '../explore/explore.ts';
import { buildPlan, type ConformancePlan } from '../conformance/plan.ts';
import { whyEquivalent } from './equivalent.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const CONFIG = join(ROOT, 'generator/mutate/vitest.mutant.config.ts');
const TIMEOUT_MS = 240_000;

interface Result extends Mutant {
  readonly engine: string;
  readonly status: 'killed' | 'survived' | 'timeout';
  readonly ms: number;
  /** For a survivor: why it cannot change behaviour, or null if no rule explains it. */
  readonly equivalent: string | null;
}

/** The machine an engine was generated from and its conformance plan: its IR artifact,
 *  which `tether generate` writes next to it (generated/<machine>.ir.json). */
function planOf(engine: string): { ir: IrMachine; plan: ConformancePlan } {
  const ir = loadIrArtifact(join(ROOT, 'generated', engine.replace(/\.ts$/, '.ir.json')));
  return { ir, plan: buildPlan(exploreGraph(ir)) };
}

function args(): { json: boolean; operator: string | null; jobs: number; ids: Set<number> | null } {
  const argv = process.argv.slice(2);
  const value = (flag: string): string | null => {
    const i = argv.indexOf(flag);
    return i >= 0 ? (argv[i + 1] ?? null) : null;
  };
  const jobs = Number(value('--jobs') ?? Math.max(1, Math.min(availableParallelism(), 4)));
  if (!Number.isInteger(jobs) || jobs < 1) {
    process.stderr.write('mutate: --jobs takes a positive integer\n');
    process.exit(2);
  }
  const ids = value('--id');
  return {
    json: argv.includes('--json'),
    operator: value('--operator'),
    jobs,
    ids: ids === null ? null : new Set(ids.split(',').map(Number)),
  };
}

function runSuite(
  suite: string,
  engineImport: string,
  mutantPath: string,
): Promise<{ code: number; ms: number; output: string }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      join(ROOT, 'node_modules/.bin/vitest'),
      ['run', '--config', CONFIG, suite],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          TETHER_NO_TLC: '1',
          TETHER_SEED: '20261124',
          TETHER_MUTANT_OF: engineImport,
          TETHER_MUTANT: mutantPath,
          FORCE_COLOR: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 124, ms: Date.now() - started, output });
    });
  });
}

async function main(): Promise<number> {
  const o = args();
  const engines = readdirSync(join(ROOT, 'generated'))
    .filter(
      (f) =>
        f.endsWith('.ts') &&
        !f.endsWith('.test.ts') &&
        existsSync(join(ROOT, 'generated', f.replace(/\.ts$/, '.conformance.test.ts'))),
    )
    .sort();
  if (engines.length === 0) {
    process.stderr.write(
      'mutate: no generated engine with a conformance suite (run `npm run generate`)\n',
    );
    return 2;
  }
  const work = mkdtempSync(join(tmpdir(), 'tether-mutants-'));
  const results: Result[] = [];
  try {
    for (const engine of engines) {
      const source = readFileSync(join(ROOT, 'generated', engine), 'utf8');
      const suite = `generated/${engine.replace(/\.ts$/, '.conformance.test.ts')}`;
      const engineImport = `./${engine}`;
      // The suite must pass on the engine as generated, or every mutant would look killed.
      const baseline = join(work, 'baseline', engine);
      mkdirSync(join(work, 'baseline'), { recursive: true });
      writeFileSync(baseline, source);
      const base = await runSuite(suite, engineImport, baseline);
      if (base.code !== 0) {
        process.stderr.write(
          `mutate: ${suite} fails on the unmutated engine; fix that first\n${base.output.slice(-2000)}\n`,
        );
        return 1;
      }
      const { ir, plan } = planOf(engine);
      const mutants = listMutants(source, engine).filter(
        (m) => (!o.operator || m.operator === o.operator) && (!o.ids || o.ids.has(m.id)),
      );
      if (!o.json)
        process.stdout.write(
          `${engine}: ${mutants.length} mutants, ${o.jobs} at a time (baseline suite ${(base.ms / 1000).toFixed(1)} s)\n`,
        );
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let i = next++; i < mutants.length; i = next++) {
          const m = mutants[i]!;
          const path = join(work, String(m.id), engine);
          mkdirSync(join(work, String(m.id)), { recursive: true });
          writeFileSync(path, applyMutant(source, m));
          const r = await runSuite(suite, engineImport, path);
          const status = r.ms >= TIMEOUT_MS ? 'timeout' : r.code === 0 ? 'survived' : 'killed';
          results.push({
            ...m,
            engine,
            status,
            ms: r.ms,
            equivalent: status === 'survived' ? whyEquivalent(m, plan, ir) : null,
          });
          if (!o.json)
            process.stdout.write(status === 'survived' ? 'S' : status === 'timeout' ? 'T' : '.');
        }
      };
      await Promise.all(Array.from({ length: o.jobs }, worker));
      if (!o.json) process.stdout.write('\n');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  results.sort((a, b) => a.engine.localeCompare(b.engine) || a.id - b.id);
  const killed = results.filter((r) => r.status !== 'survived');
  const equivalent = results.filter((r) => r.status === 'survived' && r.equivalent !== null);
  const missed = results.filter((r) => r.status === 'survived' && r.equivalent === null);
  const changing = results.length - equivalent.length;
  const score = changing === 0 ? 100 : (100 * killed.length) / changing;
  if (o.json) {
    process.stdout.write(
      `${JSON.stringify({ score, mutants: results.length, killed: killed.length, equivalent: equivalent.length, missed: missed.length, results }, null, 2)}\n`,
    );
  } else {
    const ops = [...new Set(results.map((r) => r.operator))];
    const head = ['operator', 'mutants', 'killed', 'equivalent', 'missed'];
    const rows = ops.map((op) => {
      const rs = results.filter((r) => r.operator === op);
      return [
        op,
        rs.length,
        rs.filter((r) => r.status !== 'survived').length,
        rs.filter((r) => r.status === 'survived' && r.equivalent).length,
        rs.filter((r) => r.status === 'survived' && !r.equivalent).length,
      ].map(String);
    });
    const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
    const line = (r: readonly string[]): string =>
      r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    process.stdout.write(`${line(head)}\n${rows.map(line).join('\n')}\n\n`);
    for (const r of [...missed, ...equivalent])
      process.stdout.write(
        `${r.equivalent ? 'equivalent' : 'MISSED'} #${r.id} ${r.operator} ${r.engine}:${r.line} in ${r.where}: ${oneLine(r.original)} → ${oneLine(r.replacement) || '(removed)'}${r.equivalent ? `\n    why: ${r.equivalent}` : ''}\n`,
      );
    process.stdout.write(
      `\nmutation score: ${killed.length}/${changing} behaviour-changing mutants killed (${score.toFixed(1)}%); ${equivalent.length} equivalent, ${missed.length} missed\n`,
    );
  }
  return missed.length === 0 ? 0 : 1;
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 90 ? `${t.slice(0, 87)}...` : t;
}

process.exitCode = await main();
