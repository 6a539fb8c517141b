import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MdlError, type Diagnostic } from '../errors/diagnostic.js';
import { listFiles, readSourceFile, toProjectPath, type ProjectSourceFile } from './discover.js';
import { validateFolderTree } from './folder-config.js';
import { readProjectFile, type ProjectFile } from './project-file.js';
import { readPropertiesFile, type PropertiesFile } from './properties.js';
import { parseYamlFile, type YamlFile } from './yaml-file.js';

/** Everything read from a project directory, before rendering. */
export interface Project {
  readonly dir: string;
  readonly config: ProjectFile;
  readonly projectYaml: YamlFile;
  readonly models: readonly ProjectSourceFile[];
  readonly seeds: readonly ProjectSourceFile[];
  readonly macros: readonly ProjectSourceFile[];
  readonly singularTests: readonly ProjectSourceFile[];
  readonly analyses: readonly ProjectSourceFile[];
  readonly snapshots: readonly ProjectSourceFile[];
  readonly docs: readonly ProjectSourceFile[];
  readonly properties: PropertiesFile;
  /** Problems found while loading; compile adds its own and reports them all together. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Seeds are read lazily (they can be large): only their paths are needed to load. */
function seedRef(projectDir: string, absolutePath: string): ProjectSourceFile {
  const path = absolutePath.slice(projectDir.length + 1).split('\\').join('/');
  return { path, absolutePath, text: '', checksum: '' };
}

/**
 * Reads project.yml and every project file, collecting all problems before failing.
 * Throws MdlError (exit 2) only when there is no usable project.yml; other problems are returned.
 */
export function loadProject(projectDirInput: string): Project {
  const dir = resolve(projectDirInput);
  const diagnostics: Diagnostic[] = [];
  const projectPath = join(dir, 'project.yml');
  if (!existsSync(projectPath)) {
    const hint = existsSync(join(dir, 'dbt_project.yml'))
      ? 'This looks like a dbt project: rename dbt_project.yml to project.yml (the keys are the same).'
      : 'Run mdl from a project directory, pass --project-dir, or create one with `mdl init`.';
    throw new MdlError({ code: 'E_NO_PROJECT', kind: 'Parsing Error', file: 'project.yml', message: `No project.yml in ${dir}.`, hint });
  }
  const projectFile = readSourceFile(dir, projectPath, diagnostics);
  const projectYaml = projectFile ? parseYamlFile('project.yml', projectFile.text, diagnostics) : undefined;
  const config = projectYaml ? readProjectFile(projectYaml, diagnostics) : undefined;
  if (!config || !projectYaml) throw new MdlError(diagnostics);
  for (const resource of ['models', 'seeds', 'tests', 'snapshots', 'sources', 'analyses'] as const) {
    validateFolderTree(resource, config.folderConfigs[resource], projectYaml, diagnostics);
  }

  // Folders that cannot be read would otherwise drop their files silently.
  const unreadable = new Set<string>();
  const read = (roots: readonly string[], extensions: string[]) =>
    listFiles(dir, roots, extensions, unreadable)
      .map((file) => readSourceFile(dir, file, diagnostics))
      .filter((f): f is ProjectSourceFile => f !== undefined);

  const testRoots = config.testPaths;
  const allTestSql = read(testRoots, ['.sql']);
  // Generic test definitions ({% test %} blocks) live beside macros; everything else in tests/ is singular.
  const isGenericDef = (f: ProjectSourceFile) => /{%-?\s*test\s/.test(f.text) || f.path.split('/').includes('generic');
  const properties: PropertiesFile = { models: [], seeds: [], snapshots: [], analyses: [], sources: [] };
  const yamlRoots = [...config.modelPaths, ...config.seedPaths, ...config.snapshotPaths, ...config.analysisPaths, ...config.macroPaths];
  for (const file of read(yamlRoots, ['.yml', '.yaml'])) {
    const yaml = parseYamlFile(file.path, file.text, diagnostics);
    if (!yaml) continue;
    const props = readPropertiesFile(yaml, diagnostics);
    for (const key of Object.keys(properties) as (keyof PropertiesFile)[]) {
      (properties[key] as unknown[]).push(...props[key]);
    }
  }
  const project: Project = {
    dir,
    config,
    projectYaml,
    models: read(config.modelPaths, ['.sql']),
    seeds: listFiles(dir, config.seedPaths, ['.csv'], unreadable).map((f) => seedRef(dir, f)),
    macros: [...read(config.macroPaths, ['.sql']), ...allTestSql.filter(isGenericDef)],
    singularTests: allTestSql.filter((f) => !isGenericDef(f)),
    analyses: read(config.analysisPaths, ['.sql']),
    snapshots: read(config.snapshotPaths, ['.sql']),
    docs: read([...new Set([...config.modelPaths, ...config.docsPaths])], ['.md']),
    properties,
    diagnostics,
  };
  for (const folder of [...unreadable].sort()) {
    diagnostics.push({
      code: 'E_UNREADABLE', kind: 'Parsing Error', file: toProjectPath(dir, folder),
      message: 'Cannot read the folder: its files would be left out of the project.',
      hint: 'Check its permissions: mdl needs to list every folder in the project.',
    });
  }
  return project;
}
