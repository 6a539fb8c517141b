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

/** Parameters of a generic test, as written in its signature. */
export interface TestSignature {
  readonly params: readonly string[];
  /** Parameters without a default value. */
  readonly required: readonly string[];
}

const SIGNATURE_RE = /{%-?\s*(?:test\s+([A-Za-z_]\w*)|macro\s+test_([A-Za-z_]\w*))\s*\(([^()]*)\)\s*-?%}/g;

/**
 * Signatures of the generic tests, by macro name (`test_<name>`), so wrong arguments are caught
 * at compile time. A signature this simple reader cannot parse is left out (not checked).
 */
export function scanTestSignatures(project: Project): Map<string, TestSignature> {
  const signatures = new Map<string, TestSignature>();
  for (const text of [BUILTIN_TESTS, ...project.macros.map((m) => m.text)]) {
    for (const m of text.matchAll(SIGNATURE_RE)) {
      const parts = m[3]!.split(',').map((p) => p.trim()).filter(Boolean);
      if (parts.some((p) => !/^[A-Za-z_]\w*\s*(=.*)?$/.test(p))) continue;
      signatures.set(`test_${m[1] ?? m[2]}`, {
        params: parts.map((p) => p.split('=')[0]!.trim()),
        required: parts.filter((p) => !p.includes('=')).map((p) => p.trim()),
      });
    }
  }
  return signatures;
}
