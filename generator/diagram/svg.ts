// SVG from DOT, rendered in-process by Graphviz compiled to WebAssembly (@viz-js/viz: no
// system binary, nothing fetched at run time). Loaded only when a diagram is asked for as SVG.

/** The SVG Graphviz draws for a DOT graph (diagram.ts's dotOf). */
export async function svgOf(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const svg = viz.renderString(dot, { format: 'svg' });
  return svg.endsWith('\n') ? svg : `${svg}\n`;
}
