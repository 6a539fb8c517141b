import type { Diagnostic } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/suggest.js';
import { ADDITIVE_KEYS, CONFIG_KEYS, normaliseConfigKey, unknownConfigMessage, type ConfigResource } from './config-keys.js';
import { isRecord, type YamlFile } from './yaml-file.js';

export type ConfigMap = Record<string, unknown>;

/** Merges `layer` over `base`: tags and hooks accumulate, everything else replaces. */
export function mergeConfig(base: ConfigMap, layer: ConfigMap): ConfigMap {
  const out: ConfigMap = { ...base };
  for (const [rawKey, value] of Object.entries(layer)) {
    const key = normaliseConfigKey(rawKey);
    if (ADDITIVE_KEYS.has(key)) {
      const prev = toList(out[key]);
      out[key] = [...prev, ...toList(value).filter((v) => !prev.includes(v))];
    } else if (key === 'meta' && isRecord(out.meta) && isRecord(value)) {
      out.meta = { ...out.meta, ...value };
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function toList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The config that `models:`/`seeds:`/... folder trees in project.yml give a file in `folders`
 * (its folder path below the resource root, then its own name, as dbt matches by fqn).
 * A deeper level overrides a shallower one.
 */
export function folderConfig(tree: unknown, projectName: string, folders: readonly string[]): ConfigMap {
  return walkLevels(tree, projectName, folders).config;
}

/** The merged config down `folders`, and the tree level reached if every folder had one. */
function walkLevels(tree: unknown, projectName: string, folders: readonly string[]): { config: ConfigMap; level: Record<string, unknown> | undefined } {
  if (!isRecord(tree)) return { config: {}, level: undefined };
  let config = ownConfig(tree);
  let level: Record<string, unknown> = tree;
  if (isRecord(tree[projectName])) {
    level = tree[projectName] as Record<string, unknown>;
    config = mergeConfig(config, ownConfig(level));
  }
  for (const folder of folders) {
    const next = level[folder];
    if (!isRecord(next)) return { config, level: undefined };
    level = next;
    config = mergeConfig(config, ownConfig(level));
  }
  return { config, level };
}

/**
 * `folderConfig(tree, projectName, [...folders, name])` for many files: each folder's levels are
 * merged once, and files without a level of their own share that folder's config object
 * (configs are replaced, never changed in place). 10,000 models in 100 folders: 100 walks.
 */
export function folderConfigCache(tree: unknown, projectName: string): (folders: readonly string[], name: string) => ConfigMap {
  const byFolder = new Map<string, { config: ConfigMap; level: Record<string, unknown> | undefined }>();
  return (folders, name) => {
    const key = folders.join('/');
    let entry = byFolder.get(key);
    if (!entry) {
      entry = walkLevels(tree, projectName, folders);
      byFolder.set(key, entry);
    }
    const own = entry.level?.[name];
    return isRecord(own) ? mergeConfig(entry.config, ownConfig(own)) : entry.config;
  };
}

function ownConfig(level: Record<string, unknown>): ConfigMap {
  const out: ConfigMap = {};
  for (const [key, value] of Object.entries(level)) {
    if (key.startsWith('+')) out[normaliseConfigKey(key)] = value;
    else if (!isRecord(value)) out[normaliseConfigKey(key)] = value; // dbt's legacy un-prefixed form
  }
  return out;
}

/** Reports unknown `+keys` in a folder-config tree, with did-you-mean, at their line. */
export function validateFolderTree(
  resource: ConfigResource, tree: unknown, yaml: YamlFile, diagnostics: Diagnostic[], path: string[] = [resource],
): void {
  if (!isRecord(tree)) return;
  const known = CONFIG_KEYS[resource];
  for (const [key, value] of Object.entries(tree)) {
    const normalised = normaliseConfigKey(key);
    if (key.startsWith('+') || !isRecord(value)) {
      if (!known.has(normalised)) {
        diagnostics.push({
          code: 'E_UNKNOWN_CONFIG',
          kind: 'Parsing Error',
          file: yaml.file,
          ...yaml.position([...path, key]),
          message: `${unknownConfigMessage(key, known, didYouMean)} (under \`${path.join('.')}\`)`,
          hint: key.startsWith('+') ? 'Correct the key or remove it.' : 'Folder names map to folders; config keys start with `+`.',
        });
      }
    } else {
      validateFolderTree(resource, value, yaml, diagnostics, [...path, key]);
    }
  }
}

/** Validates the keys of a `config()` call or a YAML `config:` block. */
export function validateConfigKeys(
  resource: ConfigResource, config: ConfigMap, where: Omit<Diagnostic, 'code' | 'kind' | 'message'>, diagnostics: Diagnostic[],
): void {
  const known = CONFIG_KEYS[resource];
  for (const key of Object.keys(config)) {
    const normalised = normaliseConfigKey(key);
    if (!known.has(normalised)) {
      diagnostics.push({
        ...where,
        code: 'E_UNKNOWN_CONFIG',
        kind: 'Compilation Error',
        message: unknownConfigMessage(key, known, didYouMean),
        hint: 'Correct the key or remove it; mdl rejects unknown keys instead of ignoring them.',
      });
    }
  }
}
