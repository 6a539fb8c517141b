import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Warehouse } from '../adapters/adapter.js';
import type { CompileResult } from '../compile/compile.js';
import type { Catalog, CatalogEntry, RunResults } from '../compile/manifest-types.js';
import { generateDocsSite, serveDocs } from '../docs/index.js';
import { computeColumnLineage } from '../lineage/index.js';
import { compile } from './compile.js';
import { writeJson } from './artifacts.js';
import type { CommonOptions } from './options.js';
import { openWarehouse, reporterOf, targetDir, warehouseFile } from './project-context.js';

/** What the warehouse holds for each node and source: columns, types and row counts. */
export async function buildCatalog(compiled: CompileResult, warehouse: Warehouse, invocationId: string): Promise<Catalog> {
  const entries = async (items: { id: string; schema: string; name: string }[]) => {
    const out: Record<string, CatalogEntry> = {};
    const schemas = [...new Set(items.map((i) => i.schema))];
    const existing = new Map((await warehouse.listRelations(schemas)).map((r) => [`${r.schema}.${r.name}`.toLowerCase(), r]));
    const connection = await warehouse.connection(0);
    for (const item of items) {
      const found = existing.get(`${item.schema}.${item.name}`.toLowerCase());
      if (!found) continue;
      const columns = await warehouse.getColumns(found);
      const rows = found.kind === 'table'
        ? Number((await connection.query(`select count(*) as n from ${warehouse.dialect.relationName(found)}`))[0]?.n ?? 0)
        : undefined;
      out[item.id] = {
        unique_id: item.id,
        metadata: { type: found.kind === 'view' ? 'VIEW' : 'BASE TABLE', schema: found.schema, name: found.name },
        columns: Object.fromEntries(columns.map((c, index) => [c.name, { name: c.name, type: c.dataType, index: index + 1 }])),
        stats: rows === undefined ? {} : { row_count: { value: rows } },
      };
    }
    return out;
  };
  const nodes = Object.values(compiled.manifest.nodes).filter((n) => n.relation_name !== null).map((n) => ({ id: n.unique_id, schema: n.schema, name: n.alias }));
  const sources = Object.values(compiled.manifest.sources).map((s) => ({ id: s.unique_id, schema: s.schema, name: s.identifier }));
  return { metadata: { generated_at: new Date().toISOString(), invocation_id: invocationId }, nodes: await entries(nodes), sources: await entries(sources) };
}

/** `mdl docs generate`: compile, read the catalog, compute column lineage, write the site. */
export async function docsGenerate(options: CommonOptions): Promise<{ outDir: string; pages: number; dashboards: number }> {
  const compiled = await compile(options);
  const dir = targetDir(compiled);
  const file = warehouseFile(compiled.target, compiled.project.dir);
  const readOnly = file !== undefined && existsSync(file);
  const warehouse = await openWarehouse(readOnly ? { ...compiled.target, read_only: true } : compiled.target, compiled.project.dir);
  try {
    const catalog = await buildCatalog(compiled, warehouse, compiled.manifest.metadata.invocation_id);
    writeJson(join(dir, 'catalog.json'), catalog);
    const connection = await warehouse.connection(0);
    let lineage = null;
    if (compiled.target.type === 'duckdb') {
      lineage = await computeColumnLineage({ manifest: compiled.manifest, catalog, connection });
      writeJson(join(dir, 'lineage.json'), lineage);
    }
    const runResultsPath = join(dir, 'run_results.json');
    const runResults = existsSync(runResultsPath) ? (JSON.parse(readFileSync(runResultsPath, 'utf8')) as RunResults) : null;
    const result = await generateDocsSite({
      projectDir: compiled.project.dir, targetDir: dir, manifest: compiled.manifest, catalog, runResults, lineage,
      query: (sql) => connection.query(sql),
    });
    for (const problem of result.problems) reporterOf(options).diagnostics([{ code: 'W_DASHBOARD', kind: 'Runtime Error', severity: 'warning', message: problem }]);
    return result;
  } finally {
    await warehouse.close();
  }
}

export async function docsServe(options: { projectDir?: string; port: number }): Promise<{ url: string; close(): Promise<void> }> {
  const { loadProject } = await import('../project/load.js');
  const project = loadProject(options.projectDir ?? process.cwd());
  return serveDocs(join(project.dir, project.config.targetPath, 'docs'), options.port);
}
