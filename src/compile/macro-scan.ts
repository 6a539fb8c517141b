import { BUILTIN_TESTS } from '../data-tests/builtin-tests.js';
import type { Project } from '../project/load.js';

const TEST_RE = /{%-?\s*test\s+([A-Za-z_]\w*)\s*\(/g;
const MACRO_RE = /{%-?\s*macro\s+(test_[A-Za-z_]\w*)\s*\(/g;

/**
 * Generic test names the project defines, read from the macro sources without compiling them
 * (the warm path of `ls` never loads nunjucks). Names come back as macro names: `test_<name>`.
 */
export function scanTestMacros(project: Project): string[] {
  const names = new Set<string>();
  for (const text of [BUILTIN_TESTS, ...project.macros.map((m) => m.text)]) {
    for (const m of text.matchAll(TEST_RE)) names.add(`test_${m[1]}`);
    for (const m of text.matchAll(MACRO_RE)) names.add(m[1]!);
  }
  return [...names];
}
