import { readFileSync } from 'node:fs';
import { compileSpec } from '../generator/frontend.ts';
const r = compileSpec(readFileSync(process.argv[2]!, 'utf8'), 'x.tether');
for (const d of r.diagnostics) console.log(d.code, d.severity, d.span?.start, d.message);
