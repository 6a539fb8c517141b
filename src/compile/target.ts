import { loadNunjucks } from '../render/nunjucks-module.js';
import type { TargetConfig } from '../adapters/adapter.js';
import { engineTypes } from '../adapters/registry.js';
import { MdlError } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/suggest.js';
import type { ProjectFile } from '../project/project-file.js';

const DEFAULT_TARGET = { type: 'duckdb', path: 'warehouse.duckdb', schema: 'main', threads: 4 };

/** Renders `{{ env_var('NAME', 'default') }}` in target settings. */
function renderSetting(value: unknown, targetName: string): unknown {
  if (typeof value !== 'string' || !value.includes('{{')) return value;
  const env = new (loadNunjucks().Environment)(null, { autoescape: false });
  env.addGlobal('env_var', (name: string, fallback?: string) => {
    const found = process.env[name];
    if (found !== undefined) return found;
    if (fallback !== undefined) return fallback;
    throw new MdlError({
      code: 'E_MISSING_ENV_VAR', kind: 'Target Error', file: 'project.yml',
      message: `Target '${targetName}' uses environment variable '${name}', which is not set.`,
      hint: `Set ${name}, or give a default: env_var('${name}', '...').`,
    });
  });
  try {
    return env.renderString(value, {});
  } catch (error) {
    if (error instanceof MdlError) throw error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof MdlError) throw cause;
    const inner = /Error: ([\s\S]*)$/.exec(String((error as Error).message));
    if (inner && inner[1]!.includes('is not set')) {
      throw new MdlError({ code: 'E_MISSING_ENV_VAR', kind: 'Target Error', file: 'project.yml', message: inner[1]!.trim(), hint: 'Set the environment variable or give env_var() a default.' });
    }
    throw new MdlError({ code: 'E_TARGET', kind: 'Target Error', file: 'project.yml', message: `Cannot render a setting of target '${targetName}'.`, hint: 'Check the {{ env_var(...) }} syntax.' });
  }
}

/** The target to use: `--target`, else project.yml `target:`, else `dev` with DuckDB defaults. */
export function resolveTarget(config: ProjectFile, requested?: string): TargetConfig {
  const name = requested ?? config.target;
  const declared = config.targets[name];
  if (!declared) {
    if (Object.keys(config.targets).length === 0 && name === 'dev') return { name, ...DEFAULT_TARGET };
    throw new MdlError({
      code: 'E_UNKNOWN_TARGET', kind: 'Target Error', file: 'project.yml',
      message: `No target named '${name}'.${didYouMean(name, Object.keys(config.targets))}`,
      hint: `Targets defined: ${Object.keys(config.targets).join(', ') || 'none'}. Add it under \`targets:\` in project.yml or pass another --target.`,
    });
  }
  const settings: Record<string, unknown> = { ...(declared.type === 'duckdb' || declared.type === undefined ? DEFAULT_TARGET : { schema: 'default', threads: 4 }) };
  for (const [key, value] of Object.entries(declared)) settings[key] = renderSetting(value, name);
  const type = String(settings.type ?? 'duckdb');
  if (!engineTypes().includes(type)) {
    throw new MdlError({
      code: 'E_UNKNOWN_ENGINE', kind: 'Target Error', file: 'project.yml',
      message: `Target '${name}' has type '${type}', which mdl does not know.${didYouMean(type, engineTypes())}`,
      hint: `Use one of: ${engineTypes().join(', ')}.`,
    });
  }
  const threads = Number(settings.threads ?? 4);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new MdlError({ code: 'E_TARGET', kind: 'Target Error', file: 'project.yml', message: `Target '${name}' has threads: ${String(settings.threads)}.`, hint: 'Set threads to a whole number of at least 1.' });
  }
  return { ...settings, name, type, schema: String(settings.schema ?? 'main'), threads };
}

/** Target as templates see it (`target.name`, `target.type`, `target.schema`, ...). */
export function targetForTemplates(target: TargetConfig, projectName: string): Record<string, unknown> {
  return { ...target, profile_name: projectName, database: target.database ?? null };
}
