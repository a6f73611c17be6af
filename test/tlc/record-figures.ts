// Records TLC's verdicts on the agreement specs into test/fixtures/tlc-figures.json and
// TLC's raw `-tool` output for the parser tests into test/fixtures/tlc-output/. Run by hand
// when the model semantics change (needs TLC):  npx tsx test/tlc/record-figures.ts
// The agreement test compares the explorer with these figures on every machine.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { compileSpec } from '../../generator/frontend.ts';
import { emitTla } from '../../generator/emit-tla/emit.ts';
import { locateChecker } from '../../generator/tlc/locate.ts';
import { interpretTlc } from '../../generator/tlc/parse-output.ts';
import { javaCommand, runTlc } from '../../generator/tlc/run.ts';
import { AGREEMENT_SPECS, type RecordedFigures } from './agreement-specs.ts';

const choice = locateChecker();
if (choice.kind !== 'java') throw new Error('recording needs TLC through Java (TLA2TOOLS_JAR or the cache)');
const figures: Record<string, RecordedFigures> = {};
mkdirSync('test/fixtures/tlc-output', { recursive: true });
for (const spec of AGREEMENT_SPECS) {
  const ir = compileSpec(readFileSync(spec, 'utf8'), spec).ir!;
  const files = emitTla(ir);
  const run = await runTlc({ moduleName: ir.name, tla: files.module.content, cfg: files.cfg.content }, () => javaCommand(choice.jar, ir.name, 1));
  const r = interpretTlc(ir, run.messages, run.exitCode);
  figures[spec] =
    r.result === 'pass'
      ? { result: 'pass', distinctStates: r.distinctStates, depth: r.depth }
      : { result: 'fail', violated: r.violations[0]!.property };
  const raw = run.messages.map((m) => (m.code === 0 ? m.text : `@!@!@STARTMSG ${m.code}:${m.severity} @!@!@\n${m.text}\n@!@!@ENDMSG ${m.code} @!@!@`)).join('\n');
  const base = spec.replace(/^.*\//, '').replace(/\.tether$/, '');
  writeFileSync(`test/fixtures/tlc-output/${base}.exit-${run.exitCode}.out`, `${raw}\n`);
  console.log(spec, JSON.stringify(figures[spec]));
}
writeFileSync('test/fixtures/tlc-figures.json', `${JSON.stringify(figures, null, 2)}\n`);
