import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The JavaScript nunjucks compiles each template and macro file to, kept between runs (in
 * `target/template_code.json`) by file and text: compiling the example's 45 templates took ~120 ms
 * of every build, evaluating the stored code ~13 ms. `key` names everything else the code depends
 * on (nunjucks and its patches, the environment's options and extensions); a cache with another
 * key is ignored. Only templates compiled or used in this run are written back, so the file never
 * holds code for templates that are gone.
 */
export class TemplateCodeCache {
  private readonly used = new Map<string, string>();
  private changed = false;

  private constructor(private readonly path: string, private readonly key: string, private readonly stored: Readonly<Record<string, string>>) {}

  static load(path: string, key: string): TemplateCodeCache {
    try {
      const data = JSON.parse(readFileSync(path, 'utf8')) as { key?: unknown; entries?: unknown };
      if (data.key === key && data.entries && typeof data.entries === 'object') {
        return new TemplateCodeCache(path, key, data.entries as Record<string, string>);
      }
    } catch {
      // no cache or an unreadable one: compile everything
    }
    return new TemplateCodeCache(path, key, {});
  }

  /** The code of template `text` from `file`: stored, or made by `compile` (which may throw). */
  code(file: string, text: string, compile: () => string): string {
    const id = createHash('sha1').update(file).update('\u0000').update(text).digest('hex');
    let code = this.used.get(id) ?? this.stored[id];
    if (code === undefined) {
      code = compile();
      this.changed = true;
    }
    this.used.set(id, code);
    return code;
  }

  /**
   * Best effort: a cache that cannot be written only costs speed next time. `complete`: this run
   * rendered every template, so what it did not use is gone and is dropped; a run that rendered
   * only some (ls, or build before it knows what exists) keeps the stored code it did not use.
   */
  save(complete = true): void {
    if (complete ? !this.changed && this.used.size === Object.keys(this.stored).length : !this.changed) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      const entries = complete ? Object.fromEntries(this.used) : { ...this.stored, ...Object.fromEntries(this.used) };
      writeFileSync(tmp, JSON.stringify({ key: this.key, entries }));
      renameSync(tmp, this.path);
      this.changed = false;
    } catch {
      // read-only project or full disk: carry on without a cache
    }
  }
}
