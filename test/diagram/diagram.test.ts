// State diagrams (generator/diagram/): Mermaid and DOT text from the IR, SVG rendered
// in-process, the `tether diagram` command, and the flagship's diagram in the README, which
// `generate` writes (generated/session.mmd) and `generate --check` checks.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dotOf, mermaidOf } from '../../generator/diagram/diagram.ts';
import {
  MODEL_NODE_LIMIT,
  ModelTooBigError,
  modelDotOf,
  modelMermaidOf,
} from '../../generator/diagram/model-graph.ts';
import { svgOf } from '../../generator/diagram/svg.ts';
import { compileSpec } from '../../generator/frontend.ts';
import { compileFile, ROOT, runCli } from '../helpers.ts';

const session = compileFile('spec/session.tether').ir!;
const STATES = ['BIRTH', 'ATTACHED', 'VOLATILE', 'RECOVERING', 'DEGRADED', 'TERMINATED'];

const small = compileSpec(
  `machine Door
states { initial CLOSED  OPEN  LOCKED  terminal BROKEN }
event PUSH {}
event LOCK {}
event KICK {}
accept { PUSHED, LOCKED_OK, KICKED, STAYED }
transition open: CLOSED -> OPEN on PUSH
  reason PUSHED
transition push_open: OPEN -> stay on PUSH
  reason STAYED
transition lock: CLOSED | OPEN -> LOCKED on LOCK
  reason LOCKED_OK
transition kick: * -> BROKEN on KICK
  reason KICKED
`,
  'door.tether',
).ir!;

describe('mermaidOf', () => {
  it('draws every state, the start and end marks, and one edge per source', () => {
    const m = mermaidOf(small);
    expect(m.startsWith('stateDiagram-v2\n')).toBe(true);
    for (const s of ['CLOSED', 'OPEN', 'LOCKED', 'BROKEN'])
      expect(m).toContain(`  state "${s}" as s_${s}\n`);
    expect(m).toContain('  [*] --> s_CLOSED\n');
    expect(m).toContain('  s_BROKEN --> [*]\n');
    // Several sources: one edge each; `*` is every non-terminal state.
    expect(m).toContain('  s_CLOSED --> s_LOCKED: LOCK / LOCKED_OK\n');
    expect(m).toContain('  s_OPEN --> s_LOCKED: LOCK / LOCKED_OK\n');
    for (const s of ['CLOSED', 'OPEN', 'LOCKED'])
      expect(m).toContain(`  s_${s} --> s_BROKEN: KICK / KICKED\n`);
    expect(m.match(/KICK \/ KICKED/g)).toHaveLength(3);
    // `stay`: a loop on its source.
    expect(m).toContain('  s_OPEN --> s_OPEN: PUSH / STAYED\n');
    // The violation target (the one terminal state here) is marked.
    expect(m).toContain('  class s_BROKEN violation\n');
  });

  it('draws the flagship: six states, every transition from every source', () => {
    const m = mermaidOf(session);
    for (const s of STATES) expect(m).toContain(`state "${s}" as s_${s}`);
    const edges = m.split('\n').filter((l) => / --> s_\w+: /.test(l));
    expect(edges).toHaveLength(session.transitions.reduce((n, t) => n + t.sources.length, 0));
  });

  it('is the same text every time', () => {
    expect(mermaidOf(session)).toBe(mermaidOf(compileFile('spec/session.tether').ir!));
  });
});

describe('dotOf and svgOf', () => {
  it('writes DOT with quoted ids, the start point, double-bordered terminal states', () => {
    const d = dotOf(small);
    expect(d.startsWith('digraph "Door" {\n')).toBe(true);
    expect(d).toContain('  "[*]" -> "CLOSED";\n');
    expect(d).toContain('  "BROKEN" [peripheries=2, color="#cc0000", fontcolor="#cc0000"];\n');
    expect(d).toContain('  "OPEN" -> "OPEN" [label="PUSH / STAYED"];\n');
    expect(d).toContain('  "CLOSED" -> "BROKEN" [label="KICK / KICKED"];\n');
    expect(d.trimEnd().endsWith('}')).toBe(true);
  });

  it('renders the flagship as an SVG naming all six states', async () => {
    const svg = await svgOf(dotOf(session));
    expect(svg).toMatch(/^<\?xml[^]*<svg[^]*<\/svg>\n$/);
    for (const s of STATES) expect(svg).toContain(`>${s}</text>`);
    // One edge per pair of states a transition joins, and the start mark's: Graphviz gives
    // each a group of class "edge"; the pair's transitions are the lines of its label.
    const pairs = new Set(
      session.transitions.flatMap((t) => t.sources.map((s) => `${s} ${t.target ?? s}`)),
    );
    expect(svg.match(/class="edge"/g)?.length).toBe(pairs.size + 1);
    expect(svg).toContain('>TIMER / SESSION_TTL_EXPIRED</text>');
    expect(svg).toContain('>TIMER / TRANSPORT_LOSS_TTL_EXPIRED</text>');
  }, 60_000);
});

describe('tether diagram', () => {
  it('prints Mermaid by default, and writes an SVG with --format svg --out', async () => {
    const printed = await runCli(['diagram', 'spec/session.tether']);
    expect(printed.code, printed.err).toBe(0);
    expect(printed.out).toBe(mermaidOf(session));
    const dir = mkdtempSync(join(tmpdir(), 'tether-diagram-'));
    try {
      const file = join(dir, 'session.svg');
      const r = await runCli(['diagram', 'spec/session.tether', '--format', 'svg', '--out', file]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toBe(`wrote ${file}\n`);
      const svg = readFileSync(file, 'utf8');
      for (const s of STATES) expect(svg).toContain(`>${s}</text>`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a bad format, no file or two, and a spec with errors (nothing drawn)', async () => {
    const bad = await runCli(['diagram', 'spec/session.tether', '--format', 'png']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe("tether: --format takes mermaid, dot, svg, not 'png'\n");
    const none = await runCli(['diagram']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('diagram draws one spec: give its file (got none)');
    const two = await runCli(['diagram', 'spec/session.tether', 'spec/session.tether']);
    expect(two.code).toBe(2);
    const broken = await runCli([
      'diagram',
      'test/fixtures/diagnostics/TTH1012-backend-name-clash.tether',
    ]);
    expect(broken.code).toBe(1);
    expect(broken.out).toBe('');
    expect(broken.err).toContain('error TTH1012');
    expect(broken.err).toContain('nothing drawn: fix the errors above first');
    const folder = await runCli(['diagram', 'spec/session.tether', '--out', tmpdir()]);
    expect(folder.code).toBe(2);
    expect(folder.err).toBe(
      `tether: cannot write '${tmpdir()}': it is a folder; nothing was written\n`,
    );
    // A folder that cannot be made (under /proc, where Node's recursive mkdir never returns).
    const proc = await runCli(['diagram', 'spec/session.tether', '--out', '/proc/x/y.mmd']);
    expect(proc.code).toBe(2);
    expect(proc.err).toBe(
      "tether: cannot write '/proc/x/y.mmd': no such file or folder; nothing was written\n",
    );
    const missing = await runCli(['diagram', 'no/such.tether']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("cannot read 'no/such.tether': no such file");
  }, 60_000);
});

describe('tether diagram --model', () => {
  it('draws one node per reachable model state and one edge per transition between two', async () => {
    const spec = 'test/fixtures/language/otherwise.tether';
    const ir = compileFile(spec).ir!;
    const dot = modelDotOf(ir);
    const checked = await runCli(['check', '--explorer', spec]);
    const distinct = Number(/pass: (\d+) distinct states/.exec(checked.out)?.[1]);
    expect(distinct).toBeGreaterThan(10);
    expect(dot.match(/^ {2}m\d+ \[label=/gm)).toHaveLength(distinct);
    expect(dot).toContain('  "[*]" -> m0;\n');
    expect(dot).toContain('m0 [label="CLOSED\\nversion = 0\\nfailures = 0\\nprobes = 0"];');
    expect(dot).toMatch(/ m\d+ -> m\d+ \[label="trip"\];/);
    const mermaid = modelMermaidOf(ir);
    expect(mermaid).toContain('  state "CLOSED, version = 0, failures = 0, probes = 0" as m0\n');
    expect(mermaid.match(/^ {2}state /gm)).toHaveLength(distinct);
    const r = await runCli(['diagram', spec, '--model', '--format', 'dot']);
    expect(r).toEqual({ code: 0, out: dot, err: '' });
  }, 60_000);

  it('refuses a model past the node limit, saying how many it draws', async () => {
    expect(() => modelDotOf(session)).toThrow(ModelTooBigError);
    const r = await runCli(['diagram', 'spec/session.tether', '--model']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `tether: the model of Session has more than ${MODEL_NODE_LIMIT} reachable states: --model draws at most ${MODEL_NODE_LIMIT} (lower the model's values, or draw the machine without --model)\n`,
    );
  }, 60_000);
});

describe("the README's diagram", () => {
  it('is the flagship diagram generate writes (generated/session.mmd)', () => {
    const mmd = readFileSync(`${ROOT}generated/session.mmd`, 'utf8');
    expect(mmd).toBe(mermaidOf(session));
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    const block = /```mermaid\n([^]*?)```/.exec(readme)?.[1];
    expect(block).toBe(mmd);
  });
});
