import fc from 'fast-check';
import { compileSpec } from '../generator/frontend.ts';
import { specDraft } from './pipeline/spec-draft.ts';
import { printSpec } from './pipeline/spec-print.ts';
import { isClashDiagnostic } from './pipeline/pipeline.ts';

const N = Number(process.env['N'] ?? 300);
const show = Number(process.env['SHOW'] ?? 0);
const drafts = fc.sample(specDraft, { numRuns: N, seed: Number(process.env['SEED'] ?? 1) });
const counts: Record<string, number> = {};
const bump = (k: string, hit: boolean): void => {
  if (hit) counts[k] = (counts[k] ?? 0) + 1;
};
let errors = 0;
let shown = 0;
for (const d of drafts) {
  const text = printSpec(d, new Set((process.env['AVOID'] ?? '').split(',').filter(Boolean))).text;
  const hasMap = /^var \S+: map</m.test(text);
  bump('map var', hasMap);
  bump('m[k] read', /[A-Za-z0-9_']\[[^\]]+\](?! =)/.test(text.replace(/^var .*$/gm, '')));
  bump('set m[k] =', /^  set .*\[[^\]]+\] = /m.test(text));
  bump('keys(', text.includes('keys('));
  bump('forall/exists in keys', / in keys\(/.test(text) && /(forall|exists) \S+ in keys\(/.test(text));
  bump('put(', text.includes('put('));
  bump('remove(', text.includes('remove('));
  bump('size(map)', hasMap && /size\(/.test(text));
  bump('== {} / != {}', /[=!]= \{\}/.test(text));
  const r = compileSpec(text, 'x.tether');
  const errs = r.diagnostics.filter((x) => x.severity === 'error');
  const clash = errs.some(isClashDiagnostic);
  if (errs.length > 0 && !clash) {
    errors++;
    if (errors <= 3 || !errs.every((x) => x.code === 'TTH1005')) console.log('ERR', errs.map((x) => `${x.code} ${x.message}`).join('\n'));
  }
  if (hasMap && shown < show) {
    shown++;
    console.log(text, '\n----');
  }
}
console.log(N, 'drafts', counts, 'lint errors (non-clash):', errors);
