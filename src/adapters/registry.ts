import type { Dialect, Engine } from './adapter.js';
import { duckdbDialect } from './duckdb/dialect.js';

/**
 * Engines by target type. Core code asks the registry; it never imports an engine directly.
 * Engines with heavy drivers are loaded lazily so DuckDB users never load them.
 */
const loaders: Record<string, () => Promise<Engine>> = {
  // Loading DuckDB's native driver costs ~0.4 s: `ls` and `compile` need only its dialect.
  duckdb: async () => (await import('./duckdb/index.js')).duckdbEngine,
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
export async function loadDialect(type: string): Promise<Dialect> {
  if (type === 'duckdb') return duckdbDialect;
  return (await loadEngine(type)).dialect;
}
