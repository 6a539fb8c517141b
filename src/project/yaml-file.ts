import jsyaml from 'js-yaml';
import { createRequire } from 'node:module';
import type { Document, LineCounter, Node as YamlNode } from 'yaml';

// The `yaml` library (positions, error messages) costs ~0.17 s to load: only on the error path.
const require = createRequire(import.meta.url);
let yamlLib: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlLib ??= require('yaml') as typeof import('yaml'));
import type { Diagnostic } from '../errors/diagnostic.js';

export type YamlPath = readonly (string | number)[];

/** A parsed YAML file that can say where a value sits, for error messages. */
export interface YamlFile {
  readonly file: string;
  readonly value: unknown;
  /** 1-based line and column of the value (or key) at `path`, if found. */
  position(path: YamlPath): { line: number; column: number } | undefined;
}

/**
 * Parses YAML. Values come from js-yaml (core schema, like `yaml`'s YAML 1.2 default: dates stay
 * strings), which is about ten times faster on large property files; positions are needed only
 * for error messages, so the `yaml` library's document with its line counter is built lazily,
 * and also reports syntax errors (all of them, with positions) when js-yaml refuses a file.
 */
export function parseYamlFile(file: string, text: string, diagnostics: Diagnostic[]): YamlFile | undefined {
  let value: unknown;
  try {
    // js-yaml keeps aliases as shared references, so an alias bomb loads at once and blows up
    // later (JSON of the manifest); files with aliases (rare) take the guarded path below.
    if (ALIAS_RE.test(text)) throw new Error('aliases');
    value = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, filename: file });
  } catch (error) {
    const parsed = parseWithPositions(text);
    if (parsed.doc.errors.length === 0) {
      // Accepted by the slower parser (a corner js-yaml rejects, or aliases): use its value.
      try {
        return fileOf(file, parsed.doc.toJS({ maxAliasCount: 100 }) as unknown, () => parsed);
      } catch (conversion) {
        // An alias with no anchor, or too many expansions: raised by toJS, not by the parser.
        const alias = /: (\S+)$/.exec((conversion as Error).message.split('\n')[0]!)?.[1];
        const at = alias ? text.indexOf(`*${alias}`) : -1;
        diagnostics.push({
          code: 'E_YAML_SYNTAX', kind: 'Parsing Error', file, line: at >= 0 ? text.slice(0, at).split('\n').length : undefined,
          message: `Invalid YAML: ${(conversion as Error).message.split('\n')[0]}`,
          hint: 'Define each &anchor before its *alias, and keep aliases few (mdl expands at most 100).',
        });
        return undefined;
      }
    }
    for (const e of parsed.doc.errors) {
      const pos = parsed.lineCounter.linePos(e.pos[0]);
      diagnostics.push({
        code: 'E_YAML_SYNTAX', kind: 'Parsing Error', file, line: pos.line, column: pos.col,
        message: `Invalid YAML: ${e.message.split('\n')[0]}`,
        hint: 'Fix the YAML syntax at this position (indentation, a missing colon or an unclosed quote are the usual causes).',
      });
    }
    return undefined;
  }
  let positions: { doc: Document; lineCounter: LineCounter } | undefined;
  return fileOf(file, value, () => (positions ??= parseWithPositions(text)));
}

/** A YAML alias (`*name`) where a value can start. */
const ALIAS_RE = /(?:^|[\s[{,:-])\*[^\s,[\]{}]/m;

function parseWithPositions(text: string): { doc: Document; lineCounter: LineCounter } {
  const lib = yaml();
  const lineCounter = new lib.LineCounter();
  const doc = lib.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return { doc, lineCounter };
}

function fileOf(file: string, value: unknown, positions: () => { doc: Document; lineCounter: LineCounter }): YamlFile {
  return {
    file,
    value,
    position(path) {
      const { doc, lineCounter } = positions();
      let node: unknown = doc.contents;
      let keyNode: unknown;
      for (const step of path) {
        if (yaml().isMap(node)) {
          const pair = node.items.find((p) => (yaml().isScalar(p.key) ? p.key.value : p.key) === step);
          if (!pair) break;
          keyNode = pair.key;
          node = pair.value;
        } else if (yaml().isSeq(node) && typeof step === 'number') {
          node = node.items[step];
          keyNode = undefined;
        } else break;
      }
      const target = (keyNode ?? node) as YamlNode | undefined;
      const offset = target?.range?.[0];
      if (offset === undefined) return undefined;
      const pos = lineCounter.linePos(offset);
      return { line: pos.line, column: pos.col };
    },
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
