import type { Diagnostic } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/suggest.js';
import { isRecord, type YamlFile } from './yaml-file.js';

/** project.yml after validation. Paths are relative to the project directory. */
export interface ProjectFile {
  readonly name: string;
  readonly version: string;
  readonly modelPaths: readonly string[];
  readonly seedPaths: readonly string[];
  readonly macroPaths: readonly string[];
  readonly testPaths: readonly string[];
  readonly analysisPaths: readonly string[];
  readonly snapshotPaths: readonly string[];
  readonly docsPaths: readonly string[];
  readonly targetPath: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly targets: Readonly<Record<string, Record<string, unknown>>>;
  readonly target: string;
  /** Raw folder-config trees (`models:`, `seeds:`, ...), validated later against the folders. */
  readonly folderConfigs: Readonly<Record<string, unknown>>;
  readonly onRunStart: readonly string[];
  readonly onRunEnd: readonly string[];
  /** `wap: true`: every build is write-audit-publish (as `mdl build --wap`). */
  readonly wap: boolean;
}

const TOP_LEVEL = [
  'name', 'version', 'config-version', 'profile', 'model-paths', 'seed-paths', 'macro-paths', 'test-paths',
  'analysis-paths', 'snapshot-paths', 'docs-paths', 'target-path', 'clean-targets', 'vars', 'targets', 'target',
  'models', 'seeds', 'tests', 'data_tests', 'snapshots', 'sources', 'analyses', 'on-run-start', 'on-run-end',
  'require-mdl-version', 'dispatch', 'flags', 'quoting', 'wap',
];

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function readProjectFile(yaml: YamlFile, diagnostics: Diagnostic[]): ProjectFile | undefined {
  const file = yaml.file;
  const at = (path: (string | number)[]) => yaml.position(path);
  const fail = (path: (string | number)[], message: string, hint: string) =>
    diagnostics.push({ code: 'E_PROJECT_FILE', kind: 'Parsing Error', file, ...at(path), message, hint });

  const value = yaml.value ?? {};
  if (!isRecord(value)) {
    fail([], 'project.yml must be a mapping of keys to values.', 'Start it with `name: my_project`.');
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!TOP_LEVEL.includes(key)) {
      fail([key], `Unknown key '${key}' in project.yml.${didYouMean(key, TOP_LEVEL)}`, 'Remove it or correct the spelling.');
    }
  }
  const name = value.name;
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    fail(['name'], name === undefined ? 'project.yml has no `name`.' : `Project name '${String(name)}' is not a valid identifier.`,
      'Set `name:` to letters, digits and underscores, starting with a letter, e.g. `name: shop`.');
  }
  const paths = (key: string, fallback: string): string[] => {
    const raw = value[key];
    if (raw === undefined) return [fallback];
    if (Array.isArray(raw) && raw.every((p) => typeof p === 'string')) return raw as string[];
    if (typeof raw === 'string') return [raw];
    fail([key], `\`${key}\` must be a list of folder names.`, `For example \`${key}: ["${fallback}"]\`.`);
    return [fallback];
  };
  const list = (key: string): string[] => {
    const raw = value[key];
    if (raw === undefined || raw === null) return [];
    if (typeof raw === 'string') return [raw];
    if (Array.isArray(raw) && raw.every((p) => typeof p === 'string')) return raw as string[];
    fail([key], `\`${key}\` must be a SQL statement or a list of them.`, 'Quote each statement as a YAML string.');
    return [];
  };
  const vars = value.vars ?? {};
  if (!isRecord(vars)) fail(['vars'], '`vars` must be a mapping of names to values.', 'For example `vars: { start_date: "2024-01-01" }`.');
  const targets = value.targets ?? {};
  if (!isRecord(targets) || !Object.values(targets).every(isRecord)) {
    fail(['targets'], '`targets` must map target names to settings.', 'For example `targets: { dev: { type: duckdb, path: warehouse.duckdb } }`.');
  }
  const target = value.target ?? 'dev';
  if (typeof target !== 'string') fail(['target'], '`target` must be the name of a target.', 'For example `target: dev`.');

  const folderConfigs: Record<string, unknown> = {};
  for (const key of ['models', 'seeds', 'tests', 'data_tests', 'snapshots', 'sources', 'analyses']) {
    if (value[key] === undefined || value[key] === null) continue;
    if (!isRecord(value[key])) {
      fail([key], `\`${key}:\` must be a mapping of folders and +config keys.`, `For example \`${key}: { +tags: [nightly] }\`.`);
      continue;
    }
    folderConfigs[key === 'data_tests' ? 'tests' : key] = value[key];
  }
  if (value.wap !== undefined && typeof value.wap !== 'boolean') {
    fail(['wap'], '`wap` must be true or false.', 'Set `wap: true` to build into staging schemas and publish only after every test passes.');
  }
  if (typeof name !== 'string' || !NAME_RE.test(name)) return undefined;
  return {
    name,
    version: String(value.version ?? '1.0.0'),
    modelPaths: paths('model-paths', 'models'),
    seedPaths: paths('seed-paths', 'seeds'),
    macroPaths: paths('macro-paths', 'macros'),
    testPaths: paths('test-paths', 'tests'),
    analysisPaths: paths('analysis-paths', 'analyses'),
    snapshotPaths: paths('snapshot-paths', 'snapshots'),
    docsPaths: paths('docs-paths', 'docs'),
    targetPath: typeof value['target-path'] === 'string' ? value['target-path'] : 'target',
    vars: isRecord(vars) ? vars : {},
    targets: isRecord(targets) ? (targets as Record<string, Record<string, unknown>>) : {},
    target: typeof target === 'string' ? target : 'dev',
    folderConfigs,
    onRunStart: list('on-run-start'),
    onRunEnd: list('on-run-end'),
    wap: value.wap === true,
  };
}
