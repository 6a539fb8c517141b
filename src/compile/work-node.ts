import type { ProjectSourceFile } from '../project/discover.js';
import type { ConfigMap } from '../project/folder-config.js';
import type { ColumnDecl, NodeProps } from '../project/properties.js';
import type { ResourceType } from './manifest-types.js';

/** A ref() or source() call seen while parsing, with where it was written. */
export interface RefCall {
  readonly name: string;
  readonly line?: number;
}

/** A node while it is being compiled: mutable here, frozen into a ManifestNode at the end. */
export interface WorkNode {
  readonly id: string;
  readonly resourceType: ResourceType;
  readonly name: string;
  readonly file: ProjectSourceFile;
  readonly fqn: readonly string[];
  /** Config from project.yml folders and YAML properties; `config()` calls merge on top. */
  config: ConfigMap;
  props?: NodeProps;
  refs: RefCall[];
  sources: [string, string][];
  dependsOn: string[];
  schema: string;
  alias: string;
  relationName: string | null;
  description: string;
  columns: readonly ColumnDecl[];
  compiledCode?: string;
  /** Tests: the generic test, its arguments, and the node and column it is attached to. */
  test?: {
    readonly testName: string;
    readonly args: Readonly<Record<string, unknown>>;
    readonly attachedTo: string;
    readonly columnName?: string;
    readonly quoteColumn?: boolean;
    readonly modelArgName: string;
  };
}

export const nodeLabel = (node: WorkNode): { type: string; name: string } => ({ type: node.resourceType, name: node.name });

/** The line of the first `ref('name'` / `source('a', 'b'` in a file, for error positions. */
export function lineOfCall(text: string, fn: string, firstArg: string): number | undefined {
  const re = new RegExp(`${fn}\\s*\\(\\s*['"]${firstArg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`);
  const index = text.search(re);
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}
