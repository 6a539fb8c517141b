import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node as YamlNode } from 'yaml';
import type { Diagnostic } from '../errors/diagnostic.js';

export type YamlPath = readonly (string | number)[];

/** A parsed YAML file that can say where a value sits, for error messages. */
export interface YamlFile {
  readonly file: string;
  readonly value: unknown;
  /** 1-based line and column of the value (or key) at `path`, if found. */
  position(path: YamlPath): { line: number; column: number } | undefined;
}

/** Parses YAML; syntax errors become diagnostics (all of them, with positions). */
export function parseYamlFile(file: string, text: string, diagnostics: Diagnostic[]): YamlFile | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const pos = lineCounter.linePos(error.pos[0]);
      diagnostics.push({
        code: 'E_YAML_SYNTAX',
        kind: 'Parsing Error',
        file,
        line: pos.line,
        column: pos.col,
        message: `Invalid YAML: ${error.message.split('\n')[0]}`,
        hint: 'Fix the YAML syntax at this position (indentation, a missing colon or an unclosed quote are the usual causes).',
      });
    }
    return undefined;
  }
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  return {
    file,
    value,
    position(path) {
      let node: unknown = doc.contents;
      let keyNode: unknown;
      for (const step of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === step);
          if (!pair) break;
          keyNode = pair.key;
          node = pair.value;
        } else if (isSeq(node) && typeof step === 'number') {
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
