import type { Diagnostic } from '../errors/diagnostic.js';
import type { ProjectSourceFile } from '../project/discover.js';
import { folderConfig, folderConfigCache, mergeConfig, type ConfigMap } from '../project/folder-config.js';
import type { Project } from '../project/load.js';
import type { NodeProps } from '../project/properties.js';
import type { ResourceType } from './manifest-types.js';
import type { WorkNode } from './work-node.js';

export const IDENTIFIER_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Folder path of a file below whichever of `roots` holds it (for folder configs and fqn). */
function foldersBelow(path: string, roots: readonly string[]): string[] {
  const root = roots.find((r) => path.startsWith(`${r.replace(/\/+$/, '')}/`));
  const rest = root ? path.slice(root.replace(/\/+$/, '').length + 1) : path;
  return rest.split('/').slice(0, -1);
}

function stem(path: string): string {
  // Project paths always use `/` (toProjectPath); path.basename cost ~3% of a cold `ls`.
  const base = path.slice(path.lastIndexOf('/') + 1);
  return /\.(sql|csv)$/i.test(base) ? base.slice(0, -4) : base;
}

/** Node configs before YAML properties, by the folder config object they start from and materialization. */
const defaultsOver = new WeakMap<ConfigMap, Map<string, ConfigMap>>();

/** A node before its template is read: config from project.yml folders, then YAML properties. */
export function newWorkNode(input: {
  readonly resourceType: ResourceType; readonly name: string; readonly file: ProjectSourceFile; readonly folders: readonly string[];
  readonly projectName: string; readonly folderTree: unknown; readonly props: NodeProps | undefined;
  readonly materialized: string; readonly defaultSchema: string;
  /** `folderConfigCache(folderTree, projectName)`, shared by the nodes of one resource type. */
  readonly folderConfigs?: (folders: readonly string[], name: string) => ConfigMap;
}): WorkNode {
  const { resourceType, name, file, folders, projectName, props } = input;
  const folder = input.folderConfigs ? input.folderConfigs(folders, name) : folderConfig(input.folderTree, projectName, [...folders, name]);
  // Nodes of one folder share their starting config (configs are replaced, never changed in place).
  let byMaterialized = defaultsOver.get(folder);
  if (!byMaterialized) defaultsOver.set(folder, (byMaterialized = new Map()));
  let config = byMaterialized.get(input.materialized);
  if (!config) {
    config = mergeConfig({ enabled: true, materialized: input.materialized, tags: [], pre_hook: [], post_hook: [] }, folder);
    byMaterialized.set(input.materialized, config);
  }
  if (props && Object.keys(props.config).length > 0) config = mergeConfig(config, props.config);
  return {
    id: `${resourceType}.${projectName}.${name}`, resourceType, name, file, fqn: [projectName, ...folders, name], config, props,
    refs: [], sources: [], dependsOn: [], schema: input.defaultSchema, alias: name, relationName: null,
    description: props?.description ?? '', columns: props?.columns ?? [],
  };
}

interface SkeletonInput {
  readonly project: Project;
  readonly defaultSchema: string;
}

/** Builds the nodes for models, seeds, analyses and singular tests, before any rendering. */
export function buildSkeletons({ project, defaultSchema }: SkeletonInput, diagnostics: Diagnostic[]): WorkNode[] {
  const { config } = project;
  const nodes: WorkNode[] = [];
  const propsByName = (list: readonly NodeProps[], kind: string) => {
    const map = new Map<string, NodeProps>();
    for (const p of list) {
      const prior = map.get(p.name);
      if (prior) {
        diagnostics.push({
          code: 'E_DUPLICATE_PROPERTIES', kind: 'Parsing Error', file: p.file, line: p.line,
          message: `${kind} '${p.name}' is described twice: in ${prior.file} and ${p.file}.`,
          hint: 'Keep one entry per name.',
        });
      }
      map.set(p.name, p);
    }
    return map;
  };
  const modelProps = propsByName(project.properties.models, 'Model');
  const seedProps = propsByName(project.properties.seeds, 'Seed');
  const analysisProps = propsByName(project.properties.analyses, 'Analysis');

  const caches = new Map<string, (folders: readonly string[], name: string) => ConfigMap>();
  const add = (
    resourceType: ResourceType, file: ProjectSourceFile, roots: readonly string[], tree: string,
    props: Map<string, NodeProps>, materialized: string,
  ) => {
    const name = stem(file.path);
    const folders = foldersBelow(file.path, roots);
    if (!IDENTIFIER_RE.test(name)) {
      diagnostics.push({
        code: 'E_BAD_NAME', kind: 'Parsing Error', file: file.path,
        message: `'${name}' is not a valid ${resourceType} name.`,
        hint: 'Rename the file to letters, digits and underscores, starting with a letter (e.g. orders_daily.sql).',
      });
      return;
    }
    // An empty model would otherwise reach the warehouse as `create view ... as ()`.
    if ((resourceType === 'model' || resourceType === 'test') && file.text.trim() === '') {
      diagnostics.push({
        code: 'E_EMPTY_FILE', kind: 'Parsing Error', file: file.path,
        message: `${file.path} is empty: a ${resourceType} needs a select statement.`,
        hint: 'Write the query, or delete the file.',
      });
      return;
    }
    const p = props.get(name);
    let folderConfigs = caches.get(tree);
    if (!folderConfigs) caches.set(tree, (folderConfigs = folderConfigCache(config.folderConfigs[tree], config.name)));
    nodes.push(newWorkNode({ resourceType, name, file, folders, projectName: config.name, folderTree: config.folderConfigs[tree], props: p, materialized, defaultSchema, folderConfigs }));
  };
  for (const file of project.models) add('model', file, config.modelPaths, 'models', modelProps, 'view');
  for (const file of project.seeds) add('seed', file, config.seedPaths, 'seeds', seedProps, 'seed');
  for (const file of project.analyses) add('analysis', file, config.analysisPaths, 'analyses', analysisProps, 'ephemeral');
  for (const file of project.singularTests) add('test', file, config.testPaths, 'tests', new Map(), 'test');

  const known = new Set(nodes.map((n) => `${n.resourceType}:${n.name}`));
  for (const [kind, map] of [['model', modelProps], ['seed', seedProps]] as const) {
    for (const p of map.values()) {
      if (!known.has(`${kind}:${p.name}`)) {
        diagnostics.push({
          code: 'E_PROPERTIES_ORPHAN', kind: 'Parsing Error', file: p.file, line: p.line, severity: 'warning',
          message: `Properties for ${kind} '${p.name}', but there is no such ${kind} file.`,
          hint: `Create ${kind === 'model' ? 'the model .sql file' : 'the seed .csv file'} or remove the entry.`,
        });
      }
    }
  }
  return nodes;
}
