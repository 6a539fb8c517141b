import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../api/index.js';
import { captureReporter, cleanupProjects, writeProject } from '../test-support/project.js';
import { PyDateTime, datetimeModule } from './py-datetime.js';

afterAll(cleanupProjects);

describe('Python-like datetimes in templates (run_started_at, modules.datetime)', () => {
  it('print, format and take apart as Python does', () => {
    const moment = new Date(Date.UTC(2024, 1, 29, 7, 5, 9, 123)); // a Thursday, day 60 of a leap year
    const aware = PyDateTime.fromDate(moment, true);
    expect(String(aware)).toBe('2024-02-29 07:05:09.123000+00:00');
    expect(aware.isoformat()).toBe('2024-02-29T07:05:09.123000+00:00');
    expect(aware.strftime('%Y-%m-%d %H:%M:%S.%f %z %Z %y %j %a %A %b %B %I%p %w %% %q')).toBe(
      '2024-02-29 07:05:09.123000 +0000 UTC 24 060 Thu Thursday Feb February 07AM 4 % %q');
    expect(String(aware.date())).toBe('2024-02-29');
    expect([aware.year, aware.month, aware.day, aware.hour, aware.minute, aware.second, aware.microsecond]).toEqual([2024, 2, 29, 7, 5, 9, 123000]);
    expect(aware.timestamp()).toBe(moment.getTime() / 1000);
    const noon = datetimeModule(() => moment).datetime(2024, 3, 1, 12);
    expect(String(noon)).toBe('2024-03-01 12:00:00');
    expect(noon.strftime('%I %p')).toBe('12 PM');
    expect(String(datetimeModule(() => moment).datetime.utcnow())).toBe('2024-02-29 07:05:09.123000');
  });

  it('render in a model: run_started_at prints and formats like dbt, modules.datetime builds dates', async () => {
    const dir = writeProject({
      'project.yml': 'name: shop\n',
      'models/a.sql': [
        "select '{{ run_started_at }}' as started, '{{ run_started_at.strftime(\"%Y-%m-%d\") }}' as day,",
        "  '{{ modules.datetime.datetime(2024, 1, 31).strftime(\"%d %b %Y\") }}' as fixed,",
        "  '{{ modules.datetime.date(2024, 1, 31) }}' as d, {{ run_started_at.year }} as y",
      ].join('\n'),
    });
    const before = new Date();
    const sql = (await compile({ projectDir: dir, reporter: captureReporter().reporter })).manifest.nodes['model.shop.a']!.compiled_code!;
    const started = /'(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{6})?\+00:00)' as started/.exec(sql);
    expect(started).not.toBeNull();
    expect(Math.abs(Date.parse(started![1]!.replace(' ', 'T')) - before.getTime())).toBeLessThan(60_000);
    expect(sql).toContain(`'${started![1]!.slice(0, 10)}' as day`);
    expect(sql).toContain("'31 Jan 2024' as fixed");
    expect(sql).toContain("'2024-01-31' as d");
    expect(sql).toContain(`${started![1]!.slice(0, 4)} as y`);
  });
});
