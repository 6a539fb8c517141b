import { newWorkNode } from '../compile/skeletons.js';
import type { WorkNode } from '../compile/work-node.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import type { Project } from '../project/load.js';
import type { NodeProps } from '../project/properties.js';

const BLOCK_RE = /{%-?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%}([\s\S]*?){%-?\s*endsnapshot\s*-?%}/g;
const ANY_OPEN_RE = /{%-?\s*snapshot\b/g;

/** Blank out everything but the body, keeping newlines, so errors point at the real line. */
function bodyOnly(text: string, start: number, end: number): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return `${blank(text.slice(0, start))}${text.slice(start, end)}${blank(text.slice(end))}`;
}

/** Turns every `{% snapshot name %}` block in snapshots/ into a node for the compile stage. */
export function buildSnapshotSkeletons(project: Project, defaultSchema: string, diagnostics: Diagnostic[]): WorkNode[] {
  const { config } = project;
  const props = new Map<string, NodeProps>(project.properties.snapshots.map((p) => [p.name, p]));
  const nodes: WorkNode[] = [];
  for (const file of project.snapshots) {
    const blocks = [...file.text.matchAll(BLOCK_RE)];
    const opened = (file.text.match(ANY_OPEN_RE) ?? []).length;
    if (blocks.length === 0 || opened !== blocks.length) {
      diagnostics.push({
        code: 'E_SNAPSHOT_BLOCK', kind: 'Parsing Error', file: file.path,
        message: blocks.length === 0
          ? `${file.path} has no {% snapshot name %} ... {% endsnapshot %} block.`
          : `${file.path} has a {% snapshot %} block without a name or without {% endsnapshot %}.`,
        hint: 'Wrap the query: {% snapshot customers_history %} {{ config(...) }} select ... {% endsnapshot %}',
      });
      continue;
    }
    const root = config.snapshotPaths.find((r) => file.path.startsWith(`${r.replace(/\/+$/, '')}/`));
    const folders = (root ? file.path.slice(root.replace(/\/+$/, '').length + 1) : file.path).split('/').slice(0, -1);
    for (const block of blocks) {
      const name = block[1]!;
      const bodyStart = block.index! + block[0].indexOf('%}') + 2;
      const bodyEnd = bodyStart + block[2]!.length;
      const p = props.get(name);
      nodes.push(newWorkNode({
        resourceType: 'snapshot', name, file: { ...file, text: bodyOnly(file.text, bodyStart, bodyEnd) }, folders,
        projectName: config.name, folderTree: config.folderConfigs.snapshots, props: p, materialized: 'snapshot', defaultSchema,
      }));
    }
  }
  return nodes;
}
