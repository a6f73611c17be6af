// The diagram backend (backends.ts): <engines>/<machine>.mmd, the machine's Mermaid state
// diagram, which Markdown viewers (GitHub among them) draw; `tether diagram` writes the other
// formats on demand.

import type { Backend } from '../build.ts';
import { camel } from '../names/ts.ts';
import { mermaidOf } from './diagram.ts';

export const diagramBackend: Backend = {
  name: 'state diagram',
  emit: (build) => [
    build.memo(diagramBackend, () => ({
      path: `${build.layout.engines}/${camel(build.ir.name)}.mmd`,
      content: mermaidOf(build.ir),
    })),
  ],
};
