import type { Diagnostic } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/suggest.js';
import { genericTestName } from '../data-tests/test-name.js';
import { scanTestSignatures } from './macro-scan.js';
import { folderConfig, mergeConfig } from '../project/folder-config.js';
import type { Project } from '../project/load.js';
import type { TestDecl } from '../project/properties.js';
import type { WorkNode } from './work-node.js';

const REF_IN_ARG = /\b(ref|source)\s*\(\s*['"]([^'"]+)['"](?:\s*,\s*['"]([^'"]+)['"])?\s*\)/g;

/** Turns every `data_tests:` entry into a test node attached to its model, seed or source. */
export function buildGenericTests(
  project: Project, owners: readonly { id: string; name: string; testModelName: string; tests: readonly TestDecl[] }[],
  macroNames: Iterable<string>, defaultSchema: string, diagnostics: Diagnostic[],
): WorkNode[] {
  const macros = new Set(macroNames);
  const signatures = scanTestSignatures(project);
  const out: WorkNode[] = [];
  const seen = new Map<string, TestDecl>();
  const baseConfig = mergeConfig(
    { enabled: true, materialized: 'test', tags: [], pre_hook: [], post_hook: [], severity: 'error' },
    folderConfig(project.config.folderConfigs.tests, project.config.name, []),
  );
  for (const owner of owners) {
    for (const decl of owner.tests) {
      const macroName = `test_${decl.testName}`;
      if (!macros.has(macroName)) {
        const available = [...macros].filter((m) => m.startsWith('test_')).map((m) => m.slice(5));
        diagnostics.push({
          code: 'E_UNKNOWN_TEST', kind: 'Compilation Error', file: decl.file, line: decl.line,
          message: `Unknown generic test '${decl.testName}' on ${owner.name}${decl.columnName ? `.${decl.columnName}` : ''}.${didYouMean(decl.testName, available)}`,
          hint: `Define it with {% test ${decl.testName}(model, column_name) %} in macros/ or tests/generic/, or use one of: ${available.join(', ')}.`,
        });
        continue;
      }
      const signature = signatures.get(macroName);
      if (signature) {
        // Unchecked, a misspelled argument renders as undefined (`not in ()`) and fails in the warehouse.
        const given = new Set(Object.keys(decl.args));
        const unknown = [...given].filter((a) => !signature.params.includes(a));
        const missing = signature.required.filter((p) => p !== 'model' && !(p === 'column_name' && decl.columnName) && !given.has(p));
        for (const arg of unknown) {
          diagnostics.push({
            code: 'E_TEST_ARGS', kind: 'Compilation Error', file: decl.file, line: decl.line,
            message: `Test '${decl.testName}' on ${owner.name}${decl.columnName ? `.${decl.columnName}` : ''} has no argument '${arg}'.${didYouMean(arg, signature.params)}`,
            hint: `Its arguments are: ${signature.params.filter((p) => p !== 'model').join(', ')}.`,
          });
        }
        for (const arg of missing) {
          diagnostics.push({
            code: 'E_TEST_ARGS', kind: 'Compilation Error', file: decl.file, line: decl.line,
            message: `Test '${decl.testName}' on ${owner.name}${decl.columnName ? `.${decl.columnName}` : ''} needs the argument '${arg}'.`,
            hint: `Give it under the test, e.g. \`${decl.testName}: {${arg}: ...}\`.`,
          });
        }
        if (unknown.length > 0 || missing.length > 0) continue;
      }
      const nameArgs: Record<string, unknown> = { ...decl.args };
      if (decl.columnName) nameArgs.column_name = decl.columnName;
      const name = typeof decl.config.alias === 'string' ? decl.config.alias : genericTestName(decl.testName, owner.testModelName, nameArgs);
      const prior = seen.get(name);
      if (prior) {
        diagnostics.push({
          code: 'E_DUPLICATE_TEST', kind: 'Compilation Error', file: decl.file, line: decl.line,
          message: `Test '${name}' is declared twice (also at ${prior.file}:${prior.line ?? '?'}).`,
          hint: 'Remove the duplicate, or give one a distinct `name:`.',
        });
        continue;
      }
      seen.set(name, decl);
      const refs: { name: string; line?: number }[] = [];
      const sources: [string, string][] = [];
      for (const value of Object.values(decl.args)) {
        if (typeof value !== 'string') continue;
        for (const m of value.matchAll(REF_IN_ARG)) {
          // The line getter parses positions (a second YAML parse): only if the ref is wrong.
          if (m[1] === 'ref') refs.push({ name: m[3] ?? m[2]!, get line() { return decl.line; } });
          else if (m[3]) sources.push([m[2]!, m[3]]);
        }
      }
      // Most tests have no config of their own: they share one object (configs are replaced,
      // never changed in place), which saves 20,000 objects on a 10,000-model project.
      const config = Object.keys(decl.config).length === 0 ? baseConfig : mergeConfig(baseConfig, decl.config);
      out.push({
        id: `test.${project.config.name}.${name}`,
        resourceType: 'test',
        name,
        file: { path: decl.file, absolutePath: '', text: '', checksum: '' },
        fqn: [project.config.name, name],
        config,
        refs,
        sources,
        dependsOn: [owner.id],
        schema: defaultSchema,
        alias: name,
        relationName: null,
        description: '',
        columns: [],
        test: { testName: decl.testName, args: decl.args, attachedTo: owner.id, columnName: decl.columnName, quoteColumn: decl.quoteColumn, modelArgName: 'model' },
      });
    }
  }
  return out;
}
