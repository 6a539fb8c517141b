import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../compile/compile.js';
import { MdlError } from '../errors/diagnostic.js';
import { cleanupProjects, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

async function diagnostics(files: Record<string, string>) {
  try {
    await compileProject({ projectDir: writeProject(files), parseOnly: true });
  } catch (error) {
    if (error instanceof MdlError) return error.diagnostics;
    throw error;
  }
  return [];
}

describe('dbt config keys mdl does not implement', () => {
  it('are rejected, not ignored, saying what to do instead, wherever they are written', async () => {
    const found = await diagnostics({
      'project.yml': 'name: shop\nmodels:\n  shop:\n    +grants: {select: [analyst]}\n',
      'models/a.sql': "{{ config(sql_header='set x = 1') }}\nselect 1 as id\n",
      'models/schema.yml': 'models:\n  - name: a\n    config:\n      persist_docs: {relation: true}\n',
    });
    const byFile = Object.fromEntries(found.map((d) => [d.file, d]));
    expect(byFile['project.yml']?.message).toMatch(/'\+grants' is a dbt setting mdl does not support: grant privileges in an on-run-end hook/);
    expect(byFile['project.yml']?.line).toBe(4);
    expect(byFile['models/a.sql']?.message).toMatch(/'sql_header' is a dbt setting mdl does not support: put the statement in a pre_hook/);
    expect(byFile['models/schema.yml']?.message).toMatch(/'persist_docs' is a dbt setting mdl does not support/);
    expect(found.every((d) => d.code === 'E_UNKNOWN_CONFIG')).toBe(true);
  });
});
