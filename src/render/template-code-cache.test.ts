import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, compile, list } from '../api/index.js';
import { captureReporter, cleanupProjects, diagnosticsOf, writeFiles, writeProject } from '../test-support/project.js';

afterAll(cleanupProjects);

const sqlOf = async (dir: string, name: string) =>
  (await compile({ projectDir: dir, reporter: captureReporter().reporter })).manifest.nodes[`model.shop.${name}`]!.compiled_code;
const cacheOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'target', 'template_code.json'), 'utf8')) as { key: string; entries: Record<string, string> };

describe('compiled templates kept between runs (target/template_code.json)', () => {
  const files = {
    'project.yml': 'name: shop\n',
    'macros/money.sql': '{% macro cents(x) %}{% if x %}({{ x }} * 100){% else %}0{% endif %}{% endmacro %}\n',
    'models/a.sql': "select {{ cents('amount') }} as c{% for i in [1, 2] %}, {{ i }} as n{{ i }}{% endfor %}",
  };

  it('renders the same from stored code, and a changed template or macro anew', async () => {
    const dir = writeProject(files);
    const first = await sqlOf(dir, 'a');
    expect(first).toBe('select (amount * 100) as c, 1 as n1, 2 as n2');
    const stored = cacheOf(dir);
    expect(Object.keys(stored.entries).length).toBeGreaterThanOrEqual(2); // the macro file and the model
    expect(await sqlOf(dir, 'a')).toBe(first);

    writeFiles(dir, { 'macros/money.sql': '{% macro cents(x) %}round({{ x }} * 100){% endmacro %}\n' });
    expect(await sqlOf(dir, 'a')).toBe('select round(amount * 100) as c, 1 as n1, 2 as n2');
    writeFiles(dir, { 'models/a.sql': "select {{ cents('price') }} as c" });
    expect(await sqlOf(dir, 'a')).toBe('select round(price * 100) as c');
    // Only code of templates still in the project is kept.
    expect(Object.values(cacheOf(dir).entries).some((code) => code.includes('n1'))).toBe(false);
  });

  it('keeps the code of every template across builds and ls runs that render only some of them', async () => {
    // A build renders after opening the warehouse; before that (Jinja in project.yml loads the
    // renderer early) and in ls only some templates are used: saving then must not drop the others.
    const dir = writeProject({
      ...files,
      'project.yml': 'name: shop\nmodels:\n  shop:\n    +tags: "{{ target.name }}"\n',
      'models/a.sql': files['models/a.sql'].replace("cents('amount')", "cents('2')"),
    });
    const entries = () => Object.keys(cacheOf(dir).entries).sort();
    expect((await build({ projectDir: dir, reporter: captureReporter().reporter })).exitCode).toBe(0);
    const all = entries();
    expect(all.length).toBeGreaterThanOrEqual(3); // project.yml's template, the macro file, the model
    for (let run = 0; run < 2; run += 1) {
      expect((await build({ projectDir: dir, reporter: captureReporter().reporter })).exitCode).toBe(0);
      expect(entries()).toEqual(all);
    }
    await list({ projectDir: dir, reporter: captureReporter().reporter });
    expect(entries()).toEqual(all);
  });

  it('ignores a cache made under another key, and reports errors at their line from cached runs too', async () => {
    const dir = writeProject(files);
    await sqlOf(dir, 'a');
    const stored = cacheOf(dir);
    const forged = Object.fromEntries(Object.keys(stored.entries).map((id) => [id, 'return { root: function(env, context, frame, runtime, cb) { cb(null, "forged"); } };']));
    // Under its own key the stored code is what runs (nothing is compiled again)...
    writeFileSync(join(dir, 'target', 'template_code.json'), JSON.stringify({ key: stored.key, entries: forged }));
    expect(await sqlOf(dir, 'a')).toBe('forged');
    // ...under another key (another mdl or nunjucks) it is ignored.
    writeFileSync(join(dir, 'target', 'template_code.json'), JSON.stringify({ key: 'another', entries: forged }));
    expect(await sqlOf(dir, 'a')).toBe('select (amount * 100) as c, 1 as n1, 2 as n2');

    writeFiles(dir, { 'models/b.sql': 'select 1\n{% if %}x{% endif %}' });
    const [error] = await diagnosticsOf(() => compile({ projectDir: dir, reporter: captureReporter().reporter }));
    expect(error).toMatchObject({ file: 'models/b.sql', line: 2 });
  });
});
