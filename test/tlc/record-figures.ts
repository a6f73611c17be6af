// Records TLC's verdicts on the agreement specs into test/fixtures/tlc-figures.json and
// TLC's raw `-tool` output of the first run for the parser tests into
// test/fixtures/tlc-output/. Run by hand when the model semantics change (needs TLC):
//   npx tsx test/tlc/record-figures.ts [specs...]   (default: every agreement spec)
// The agreement test compares the explorer with these figures on every machine.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { compileSpec } from '../../generator/frontend.ts';
import { emitTla } from '../../generator/emit-tla/emit.ts';
import { locateChecker } from '../../generator/tlc/locate.ts';
import { checkWithTlc } from '../../generator/tlc/model-check.ts';
import { tlaModuleName } from '../../generator/names/tla.ts';
import { javaCommand, runTlc } from '../../generator/tlc/run.ts';
import { AGREEMENT_SPECS, type RecordedFigures } from './agreement-specs.ts';

const choice = locateChecker();
if (choice.kind !== 'java')
  throw new Error('recording needs TLC through Java (TLA2TOOLS_JAR or the cache)');
const FIGURES = 'test/fixtures/tlc-figures.json';
const figures = (existsSync(FIGURES) ? JSON.parse(readFileSync(FIGURES, 'utf8')) : {}) as Record<
  string,
  RecordedFigures
>;
const specs = process.argv.length > 2 ? process.argv.slice(2) : [...AGREEMENT_SPECS];
mkdirSync('test/fixtures/tlc-output', { recursive: true });
for (const spec of specs) {
  const ir = compileSpec(readFileSync(spec, 'utf8'), spec).ir!;
  const command = () => javaCommand(choice.jar, tlaModuleName(ir.name), 1);
  const r = await checkWithTlc(ir, command);
  const statuses = Object.fromEntries(r.properties.map((p) => [p.name, p.status]));
  figures[spec] =
    r.result === 'pass'
      ? { result: 'pass', distinctStates: r.distinctStates, depth: r.depth, statuses }
      : { result: 'fail', violated: r.violations.map((v) => v.property), statuses };
  const files = emitTla(ir);
  const run = await runTlc(
    { moduleName: files.moduleName, tla: files.module.content, cfg: files.cfg.content },
    command,
  );
  const raw = run.messages
    .map((m) =>
      m.code === 0
        ? m.text
        : `@!@!@STARTMSG ${m.code}:${m.severity} @!@!@\n${m.text}\n@!@!@ENDMSG ${m.code} @!@!@`,
    )
    .join('\n');
  const base = spec.replace(/^.*\//, '').replace(/\.tether$/, '');
  writeFileSync(`test/fixtures/tlc-output/${base}.exit-${run.exitCode}.out`, `${raw}\n`);
  console.log(spec, JSON.stringify(figures[spec]));
}
const ordered = Object.fromEntries(AGREEMENT_SPECS.map((s) => [s, figures[s]]));
writeFileSync(FIGURES, `${JSON.stringify(ordered, null, 2)}\n`);
