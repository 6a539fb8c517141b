import type { Diagnostic } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/suggest.js';
import { CONFIG_KEYS, unknownConfigMessage } from './config-keys.js';
import type { ConfigMap } from './folder-config.js';
import { isRecord, type YamlFile, type YamlPath } from './yaml-file.js';

/** A generic data test as declared in YAML, before it becomes a node. */
export interface TestDecl {
  readonly testName: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly config: ConfigMap;
  readonly columnName?: string;
  /** The column has `quote: true`: tests must quote its name (spaces, capitals, keywords). */
  readonly quoteColumn?: boolean;
  readonly file: string;
  readonly line?: number;
}

export interface ColumnDecl {
  readonly name: string;
  readonly description: string;
  readonly data_type?: string;
  readonly meta?: Record<string, unknown>;
  readonly tags?: readonly string[];
}

/** Properties of a model, seed or snapshot from YAML. */
export interface NodeProps {
  readonly name: string;
  readonly file: string;
  readonly line?: number;
  readonly description: string;
  readonly config: ConfigMap;
  readonly columns: readonly ColumnDecl[];
  readonly tests: readonly TestDecl[];
  readonly meta: Record<string, unknown>;
}

export interface SourceTableProps extends NodeProps {
  readonly identifier: string;
  readonly loadedAtField?: string;
  readonly freshness?: unknown;
  readonly tags: readonly string[];
}

export interface SourceProps {
  readonly name: string;
  readonly schema: string;
  readonly description: string;
  readonly file: string;
  readonly line?: number;
  readonly tables: readonly SourceTableProps[];
  readonly config: ConfigMap;
  readonly loadedAtField?: string;
  readonly freshness?: unknown;
  readonly meta: Record<string, unknown>;
  readonly tags: readonly string[];
}

export interface PropertiesFile {
  readonly models: NodeProps[];
  readonly seeds: NodeProps[];
  readonly snapshots: NodeProps[];
  readonly analyses: NodeProps[];
  readonly sources: SourceProps[];
}

const FILE_KEYS = ['version', 'models', 'seeds', 'sources', 'snapshots', 'analyses', 'macros', 'exposures', 'metrics', 'semantic_models', 'groups', 'unit_tests'];
const NODE_KEYS = ['name', 'description', 'config', 'columns', 'data_tests', 'tests', 'meta', 'docs', 'tags', 'access', 'group', 'latest_version', 'versions', 'constraints'];
const COLUMN_KEYS = ['name', 'description', 'data_type', 'data_tests', 'tests', 'meta', 'tags', 'quote', 'constraints', 'policy_tags', 'granularity'];
const SOURCE_KEYS = ['name', 'description', 'schema', 'database', 'tables', 'config', 'meta', 'tags', 'loaded_at_field', 'freshness', 'loader', 'quoting', 'overrides'];
const TABLE_KEYS = [...NODE_KEYS, 'identifier', 'loaded_at_field', 'freshness', 'external', 'quoting', 'loader'];

/**
 * Lines are looked up only when an error needs one: positions cost a second YAML parse. A class
 * with private fields keeps that cheap for 20,000 declarations (a closure and an accessor defined
 * per object held ~1 KB each and left the objects in slow dictionary mode).
 */
class Located {
  readonly #yaml: YamlFile;
  readonly #at: YamlPath;

  constructor(yaml: YamlFile, at: YamlPath) {
    this.#yaml = yaml;
    this.#at = at;
  }

  get line(): number | undefined {
    return this.#yaml.position(this.#at)?.line;
  }
}

class LocatedTestDecl extends Located implements TestDecl {
  constructor(
    yaml: YamlFile, at: YamlPath, readonly testName: string, readonly args: Readonly<Record<string, unknown>>,
    readonly config: ConfigMap, readonly file: string, readonly columnName: string | undefined, readonly quoteColumn: boolean | undefined,
  ) {
    super(yaml, at);
  }
}

class LocatedNodeProps extends Located implements NodeProps {
  constructor(
    yaml: YamlFile, at: YamlPath, readonly name: string, readonly file: string, readonly description: string, readonly config: ConfigMap,
    readonly columns: readonly ColumnDecl[], readonly tests: readonly TestDecl[], readonly meta: Record<string, unknown>,
  ) {
    super(yaml, at);
  }
}

export function readPropertiesFile(yaml: YamlFile, diagnostics: Diagnostic[]): PropertiesFile {
  const out: PropertiesFile = { models: [], seeds: [], snapshots: [], analyses: [], sources: [] };
  const file = yaml.file;
  const problem = (path: YamlPath, message: string, hint: string, code = 'E_PROPERTIES') =>
    diagnostics.push({ code, kind: 'Parsing Error', file, ...yaml.position(path), message, hint });
  const checkKeys = (value: Record<string, unknown>, allowed: string[], path: YamlPath, what: () => string) => {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        problem([...path, key], `Unknown key '${key}' in ${what()}.${didYouMean(key, allowed)}`, 'Correct the key or remove it.', 'E_UNKNOWN_KEY');
      }
    }
  };
  const root = yaml.value;
  if (root === null || root === undefined) return out;
  if (!isRecord(root)) {
    problem([], 'A properties file must be a mapping with `models:`, `sources:` or `seeds:` lists.', 'See the README for the file shape.');
    return out;
  }
  checkKeys(root, FILE_KEYS, [], () => 'a properties file');

  const text = (value: unknown, path: YamlPath, what: string): string => {
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    problem(path, `${what} must be text.`, 'Quote it as a YAML string.');
    return '';
  };
  const configOf = (value: unknown, path: YamlPath, resource: 'models' | 'seeds' | 'snapshots' | 'sources' | 'analyses'): ConfigMap => {
    if (value === undefined || value === null) return {};
    if (!isRecord(value)) {
      problem(path, '`config` must be a mapping.', 'For example `config: { materialized: table }`.');
      return {};
    }
    const known = CONFIG_KEYS[resource];
    for (const key of Object.keys(value)) {
      const k = key.replace(/^\+/, '').replace('pre-hook', 'pre_hook').replace('post-hook', 'post_hook');
      if (!known.has(k)) problem([...path, key], unknownConfigMessage(k, known, didYouMean), 'Correct the key or remove it.', 'E_UNKNOWN_CONFIG');
    }
    return value;
  };
  const testsOf = (value: unknown, path: YamlPath, columnName?: string, quoteColumn?: boolean): TestDecl[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      problem(path, '`data_tests` must be a list.', 'For example `data_tests: [unique, not_null]`.');
      return [];
    }
    const tests: TestDecl[] = [];
    value.forEach((entry, i) => {
      const at = [...path, i];
      if (typeof entry === 'string') {
        tests.push(new LocatedTestDecl(yaml, at, entry, {}, {}, file, columnName, quoteColumn));
        return;
      }
      if (!isRecord(entry) || Object.keys(entry).length !== 1) {
        problem(at, 'Each test is a name or a mapping of one test name to its arguments.', 'For example `- accepted_values: { values: [a, b] }`.');
        return;
      }
      const [testName, rawArgs] = Object.entries(entry)[0]!;
      if (rawArgs !== null && rawArgs !== undefined && !isRecord(rawArgs)) {
        problem([...at, testName], `Arguments of test '${testName}' must be a mapping.`, 'For example `values: [a, b]`.');
        return;
      }
      const args: Record<string, unknown> = { ...((rawArgs ?? {}) as Record<string, unknown>) };
      let config: ConfigMap = {};
      if (args.config !== undefined) {
        if (!isRecord(args.config)) problem([...at, testName, 'config'], '`config` must be a mapping.', 'For example `config: { severity: warn }`.');
        else config = { ...args.config };
        delete args.config;
      }
      if (isRecord(args.arguments)) {
        Object.assign(args, args.arguments);
        delete args.arguments;
      }
      // dbt also accepts test configs next to the arguments.
      for (const key of ['severity', 'where', 'limit', 'warn_if', 'error_if', 'store_failures', 'enabled', 'tags']) {
        if (key in args) {
          config[key] = args[key];
          delete args[key];
        }
      }
      for (const key of Object.keys(config)) {
        if (!CONFIG_KEYS.tests.has(key)) {
          problem([...at, testName, 'config', key], `Unknown test config key '${key}'.${didYouMean(key, CONFIG_KEYS.tests)}`, 'Correct the key or remove it.', 'E_UNKNOWN_CONFIG');
        }
      }
      if (typeof args.name === 'string') {
        config.alias = args.name;
        delete args.name;
      }
      tests.push(new LocatedTestDecl(yaml, at, testName, args, config, file, columnName, quoteColumn));
    });
    return tests;
  };
  const columnsOf = (value: unknown, path: YamlPath): { columns: ColumnDecl[]; tests: TestDecl[] } => {
    const columns: ColumnDecl[] = [];
    const tests: TestDecl[] = [];
    if (value === undefined || value === null) return { columns, tests };
    if (!Array.isArray(value)) {
      problem(path, '`columns` must be a list.', 'For example `columns: [{ name: id, description: "..." }]`.');
      return { columns, tests };
    }
    value.forEach((col, i) => {
      const at = [...path, i];
      if (!isRecord(col) || typeof col.name !== 'string') {
        problem(at, 'Each column needs a `name`.', 'For example `- name: order_id`.');
        return;
      }
      checkKeys(col, COLUMN_KEYS, at, () => `column '${col.name}'`);
      columns.push({
        name: col.name,
        description: text(col.description, [...at, 'description'], 'A description'),
        data_type: typeof col.data_type === 'string' ? col.data_type : undefined,
        meta: isRecord(col.meta) ? col.meta : undefined,
        tags: Array.isArray(col.tags) ? (col.tags as string[]) : undefined,
      });
      tests.push(...testsOf(col.data_tests ?? col.tests, [...at, col.data_tests !== undefined ? 'data_tests' : 'tests'], col.name, col.quote === true ? true : undefined));
    });
    return { columns, tests };
  };
  const nodeOf = (entry: unknown, path: YamlPath, allowed: string[], resource: 'models' | 'seeds' | 'snapshots' | 'analyses'): NodeProps | undefined => {
    if (!isRecord(entry) || typeof entry.name !== 'string') {
      problem(path, 'Each entry needs a `name`.', 'For example `- name: orders`.');
      return undefined;
    }
    checkKeys(entry, allowed, path, () => `${resource.slice(0, -1)} '${entry.name}'`);
    const { columns, tests } = columnsOf(entry.columns, [...path, 'columns']);
    const nodeTests = testsOf(entry.data_tests ?? entry.tests, [...path, entry.data_tests !== undefined ? 'data_tests' : 'tests']);
    const config = configOf(entry.config, [...path, 'config'], resource);
    return new LocatedNodeProps(
      yaml, path, entry.name, file,
      text(entry.description, [...path, 'description'], 'A description'),
      Array.isArray(entry.tags) || typeof entry.tags === 'string' ? { ...config, tags: entry.tags } : config,
      columns,
      nodeTests.length === 0 ? tests : [...nodeTests, ...tests],
      isRecord(entry.meta) ? entry.meta : {},
    );
  };
  for (const resource of ['models', 'seeds', 'snapshots', 'analyses'] as const) {
    const list = root[resource];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      problem([resource], `\`${resource}:\` must be a list of entries with a name.`, `For example \`${resource}:\\n  - name: orders\`.`);
      continue;
    }
    list.forEach((entry, i) => {
      const node = nodeOf(entry, [resource, i], NODE_KEYS, resource);
      if (node) out[resource].push(node);
    });
  }
  const sources = root.sources;
  if (sources !== undefined && sources !== null) {
    if (!Array.isArray(sources)) problem(['sources'], '`sources:` must be a list.', 'For example `sources:\\n  - name: raw`.');
    else sources.forEach((src, i) => {
      const at: YamlPath = ['sources', i];
      if (!isRecord(src) || typeof src.name !== 'string') {
        problem(at, 'Each source needs a `name`.', 'For example `- name: raw`.');
        return;
      }
      checkKeys(src, SOURCE_KEYS, at, () => `source '${src.name}'`);
      const tables: SourceTableProps[] = [];
      if (!Array.isArray(src.tables)) problem([...at, 'tables'], `Source '${src.name}' needs a list of \`tables\`.`, 'For example `tables: [{ name: orders }]`.');
      else src.tables.forEach((table, j) => {
        const node = nodeOf(table, [...at, 'tables', j], TABLE_KEYS, 'analyses');
        if (!node) return;
        const t = table as Record<string, unknown>;
        tables.push({
          ...node,
          line: node.line,
          config: configOf(t.config, [...at, 'tables', j, 'config'], 'sources'),
          identifier: typeof t.identifier === 'string' ? t.identifier : node.name,
          loadedAtField: typeof t.loaded_at_field === 'string' ? t.loaded_at_field : undefined,
          freshness: t.freshness,
          tags: tagList(t.tags),
        });
      });
      out.sources.push({
        name: src.name,
        schema: typeof src.schema === 'string' ? src.schema : src.name,
        description: text(src.description, [...at, 'description'], 'A description'),
        file,
        line: yaml.position(at)?.line,
        tables,
        config: configOf(src.config, [...at, 'config'], 'sources'),
        loadedAtField: typeof src.loaded_at_field === 'string' ? src.loaded_at_field : undefined,
        freshness: src.freshness,
        meta: isRecord(src.meta) ? src.meta : {},
        tags: tagList(src.tags),
      });
    });
  }
  return out;
}

/** `tags: x` or `tags: [x, y]`, as dbt accepts both. */
function tagList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.map(String) : [];
}
