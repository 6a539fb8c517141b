import type { Dialect, TargetConfig } from '../adapters/adapter.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/suggest.js';
import { Dag } from '../graph/dag.js';
import type { Project } from '../project/load.js';
import { MODEL_MATERIALIZATIONS, validateMaterializationConfig } from '../materializations/registry.js';
import { IDENTIFIER_RE } from './skeletons.js';
import { lineOfCall, nodeLabel, type WorkNode } from './work-node.js';

export interface SourceNode {
  readonly id: string;
  readonly sourceName: string;
  readonly tableName: string;
  readonly schema: string;
  readonly identifier: string;
  readonly relationName: string;
  readonly file: string;
  readonly tags: readonly string[];
}

export interface ResolvedNodes {
  readonly byId: Map<string, WorkNode>;
  readonly sources: Map<string, SourceNode>;
  /** ref() namespace: models, seeds and snapshots by name. */
  readonly refable: Map<string, WorkNode>;
  readonly dag: Dag;
}

/** Applies final configs, resolves ref()/source() to node ids, builds the graph, finds cycles. */
export function resolveNodes(project: Project, all: WorkNode[], dialect: Dialect, target: TargetConfig, diagnostics: Diagnostic[]): ResolvedNodes {
  const projectName = project.config.name;
  // Tests of a disabled model, seed or source are disabled with it (they would test nothing).
  const disabledIds = new Set(all.filter((n) => n.config.enabled === false).map((n) => n.id));
  const nodes = all.filter((n) => n.config.enabled !== false && !(n.test && disabledIds.has(n.test.attachedTo)));
  const disabled = new Set(all.filter((n) => n.config.enabled === false).map((n) => n.name));

  const sources = new Map<string, SourceNode>();
  for (const src of project.properties.sources) {
    for (const table of src.tables) {
      const id = `source.${projectName}.${src.name}.${table.name}`;
      sources.set(id, {
        id, sourceName: src.name, tableName: table.name, schema: src.schema, identifier: table.identifier,
        relationName: dialect.relationName({ schema: src.schema, name: table.identifier }),
        file: src.file,
        tags: [...new Set([...src.tags, ...table.tags])],
      });
    }
  }

  const refable = new Map<string, WorkNode>();
  for (const node of nodes) {
    if (node.resourceType !== 'model' && node.resourceType !== 'seed' && node.resourceType !== 'snapshot') continue;
    const prior = refable.get(node.name);
    if (prior) {
      diagnostics.push({
        code: 'E_DUPLICATE_NAME', kind: 'Compilation Error', file: node.file.path, node: nodeLabel(node),
        message: `Two resources are named '${node.name}': ${prior.file.path} and ${node.file.path}.`,
        hint: 'Names must be unique across models, seeds and snapshots: rename one of the files.',
      });
      continue;
    }
    refable.set(node.name, node);
  }

  const byId = new Map<string, WorkNode>();
  // Two nodes building one relation would silently overwrite each other (identifiers are
  // case-insensitive in DuckDB, so compare lower-cased).
  const byRelation = new Map<string, WorkNode>();
  const safeSchemas = new Set<string>();
  for (const node of nodes) {
    const where = { file: node.file.path, node: nodeLabel(node) };
    const materialized = String(node.config.materialized);
    if (node.resourceType === 'model' && !MODEL_MATERIALIZATIONS.includes(materialized)) {
      diagnostics.push({
        ...where, code: 'E_MATERIALIZATION', kind: 'Compilation Error',
        message: `Unknown materialization '${materialized}'.${didYouMean(materialized, MODEL_MATERIALIZATIONS)}`,
        hint: `Use one of: ${MODEL_MATERIALIZATIONS.join(', ')}.`,
      });
    }
    // A node whose template failed to parse never recorded its config(): checking it would only
    // add false follow-up errors.
    const parsed = !diagnostics.some((d) => d.node?.type === node.resourceType && d.node.name === node.name);
    if ((node.resourceType === 'model' || node.resourceType === 'snapshot') && parsed) {
      for (const p of validateMaterializationConfig(materialized, node.config, dialect)) diagnostics.push({ ...where, kind: 'Compilation Error', ...p });
    }
    const types = node.config.column_types;
    if (node.resourceType === 'seed' && types !== undefined
      && (typeof types !== 'object' || types === null || Array.isArray(types) || Object.values(types).some((t) => typeof t !== 'string'))) {
      // A string here was read character by character ("Type with name i does not exist").
      diagnostics.push({
        ...where, code: 'E_CONFIG_VALUE', kind: 'Compilation Error',
        message: `column_types must map column names to type names, not ${JSON.stringify(types)}.`,
        hint: 'For example column_types: {id: integer, name: varchar}.',
      });
    }
    node.schema = String(node.config.schema ?? (node.resourceType === 'snapshot' ? node.config.target_schema : undefined) ?? target.schema);
    node.alias = String(node.config.alias ?? node.name);
    // Schemas repeat across thousands of nodes: each distinct one is checked once.
    if (!safeSchemas.has(node.schema)) {
      if (IDENTIFIER_RE.test(node.schema)) safeSchemas.add(node.schema);
      else badIdentifier(where, 'schema', node.schema, diagnostics);
    }
    if (!IDENTIFIER_RE.test(node.alias)) badIdentifier(where, 'alias', node.alias, diagnostics);
    const hasRelation = node.resourceType === 'seed' || node.resourceType === 'snapshot' || (node.resourceType === 'model' && materialized !== 'ephemeral');
    node.relationName = hasRelation ? dialect.relationName({ schema: node.schema, name: node.alias }) : null;
    const other = node.relationName === null ? undefined : byRelation.get(node.relationName.toLowerCase());
    if (other && other.name !== node.name) { // same names are already reported as E_DUPLICATE_NAME
      diagnostics.push({
        ...where, code: 'E_DUPLICATE_RELATION', kind: 'Compilation Error',
        message: `${other.file.path} and ${node.file.path} both build ${node.relationName}.`,
        hint: 'Give one of them another alias or schema.',
      });
    } else if (node.relationName !== null && !other) byRelation.set(node.relationName.toLowerCase(), node);
    if (node.props?.description && !node.description) node.description = node.props.description;
    byId.set(node.id, node);
  }

  const dag = new Dag();
  for (const id of [...sources.keys()].sort()) dag.addNode(id);
  for (const node of nodes) dag.addNode(node.id);
  for (const node of nodes) {
    // Most nodes have one to three dependencies: an array with includes() beats a Set per node.
    const deps: string[] = [];
    const depend = (id: string) => {
      if (!deps.includes(id)) deps.push(id);
    };
    for (const id of node.dependsOn) depend(id);
    for (const ref of node.refs) {
      const target = refable.get(ref.name);
      if (!target) {
        diagnostics.push({
          code: 'E_MISSING_REF', kind: 'Compilation Error', file: node.file.path, line: ref.line ?? lineOfCall(node.file.text, 'ref', ref.name), node: nodeLabel(node),
          message: disabled.has(ref.name)
            ? `ref('${ref.name}') points at a disabled model.`
            : `ref('${ref.name}') does not match any model, seed or snapshot.${didYouMean(ref.name, refable.keys())}`,
          hint: disabled.has(ref.name) ? `Enable '${ref.name}' or remove the ref.` : 'Correct the name, or create the model it refers to.',
        });
        continue;
      }
      if (target.id === node.id) {
        // A self-edge is a cycle of one; left in, it compiled to `select * from <itself>`.
        diagnostics.push({
          code: 'E_CYCLE', kind: 'Compilation Error', file: node.file.path, line: lineOfCall(node.file.text, 'ref', ref.name), node: nodeLabel(node),
          message: `Dependency cycle: ${node.name} > ${node.name} (the model refers to itself with ref('${ref.name}')).`,
          hint: "Use {{ this }} for the model's own relation (for example in an incremental model).",
        });
        continue;
      }
      depend(target.id);
    }
    for (const [src, table] of node.sources) {
      const id = `source.${project.config.name}.${src}.${table}`;
      if (!sources.has(id)) {
        const known = [...sources.values()].map((s) => `${s.sourceName}.${s.tableName}`);
        diagnostics.push({
          code: 'E_MISSING_SOURCE', kind: 'Compilation Error', file: node.file.path, node: nodeLabel(node),
          line: lineOf(node.file.text, `source\\s*\\(\\s*['"]${src}['"]`),
          message: `source('${src}', '${table}') is not declared.${didYouMean(`${src}.${table}`, known)}`,
          hint: 'Declare it under `sources:` in a YAML file in models/.',
        });
        continue;
      }
      depend(id);
    }
    node.dependsOn = deps.filter((d) => byId.has(d) || sources.has(d));
    for (const parent of node.dependsOn) dag.addEdge(parent, node.id);
  }
  for (const cycle of dag.cycles()) {
    const files = cycle.slice(0, -1).map((id) => byId.get(id)?.file.path ?? id);
    const names = cycle.map((id) => byId.get(id)?.name ?? id);
    diagnostics.push({
      code: 'E_CYCLE', kind: 'Compilation Error', file: files[0],
      message: `Dependency cycle: ${names.join(' > ')}\n  files: ${files.join(', ')}`,
      hint: 'Break the cycle: one of these models must not ref() the next.',
    });
  }
  return { byId, sources, refable, dag };
}

function badIdentifier(where: { file: string; node: { type: string; name: string } }, what: 'schema' | 'alias', value: string, diagnostics: Diagnostic[]): void {
  diagnostics.push({
    ...where, code: 'E_BAD_IDENTIFIER', kind: 'Compilation Error',
    message: `The ${what} '${value}' is not a safe identifier.`,
    hint: `Use letters, digits and underscores for ${what}s, starting with a letter.`,
  });
}

function lineOf(text: string, pattern: string): number | undefined {
  const index = text.search(new RegExp(pattern));
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}
