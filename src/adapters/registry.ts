import type { Engine } from './adapter.js';
import { duckdbEngine } from './duckdb/index.js';

/**
 * Engines by target type. Core code asks the registry; it never imports an engine directly.
 * Engines with heavy drivers are loaded lazily so DuckDB users never load them.
 */
const loaders: Record<string, () => Promise<Engine>> = {
  duckdb: async () => duckdbEngine,
  spark: () => loadSpark(),
  databricks: () => loadSpark(),
};

// A variable path keeps the Spark driver out of the DuckDB-only import graph.
const sparkModule = './spark/index.js';
async function loadSpark(): Promise<Engine> {
  return ((await import(sparkModule)) as { sparkEngine: Engine }).sparkEngine;
}

export const engineTypes = (): readonly string[] => Object.keys(loaders);

export async function loadEngine(type: string): Promise<Engine> {
  const loader = loaders[type];
  if (!loader) throw new Error(`unknown engine type '${type}'`);
  return loader();
}

/** The dialect of a type without opening anything (used at compile time). */
export async function loadDialect(type: string) {
  return (await loadEngine(type)).dialect;
}
