/**
 * The docs site: `mdl docs generate` and `mdl docs serve` call these two functions.
 */
import { join } from 'node:path';
import type { Row } from '../adapters/adapter.js';
import type { Catalog, Manifest, RunResults } from '../compile/manifest-types.js';
import { loadDocsAssets } from './assets.js';
import { loadDashboardSpecs, runDashboards } from './dashboard-loader.js';
import { buildSiteData, CHUNK_SIZE } from './site-data.js';
import type { SiteColumnLineage } from './site-types.js';
import { writeSite } from './write-site.js';

export { serveDocs } from './server.js';

export interface GenerateDocsInput {
  readonly projectDir: string;
  /** The site goes to `<targetDir>/docs/`. */
  readonly targetDir: string;
  readonly manifest: Manifest;
  readonly catalog: Catalog;
  /** The last `target/run_results.json`, if any. */
  readonly runResults: RunResults | null;
  /** Column lineage from `src/lineage` (`target/lineage.json`), if computed. */
  readonly lineage: SiteColumnLineage | null;
  /** Runs a dashboard query on the warehouse. */
  readonly query: (sql: string) => Promise<Row[]>;
  /** Renders `{{ ref('x') }}` in dashboard SQL; without it refs and sources resolve from the manifest. */
  readonly renderSql?: (sql: string) => Promise<string>;
}

export interface GenerateDocsResult {
  readonly outDir: string;
  /** Node pages (models, seeds, sources, snapshots, analyses). */
  readonly pages: number;
  readonly dashboards: number;
  /** Dashboard queries that failed: `dashboards/x.yml: chart "T": message`. The page shows them too. */
  readonly problems: readonly string[];
}

/**
 * Writes the static docs site. Throws an MdlError if a dashboard file is invalid; failed
 * dashboard queries are reported in `problems` and shown on the dashboard instead.
 */
export async function generateDocsSite(input: GenerateDocsInput): Promise<GenerateDocsResult> {
  const specs = loadDashboardSpecs(input.projectDir);
  const assets = loadDocsAssets();
  const data = buildSiteData(input.manifest, input.catalog, input.runResults);
  const { dashboards, problems } = await runDashboards(specs, { manifest: input.manifest, query: input.query, renderSql: input.renderSql });
  const outDir = join(input.targetDir, 'docs');
  writeSite(outDir, {
    index: {
      project: input.manifest.metadata.project_name,
      generatedAt: new Date().toISOString(),
      adapter: input.manifest.metadata.adapter_type,
      graph: data.graph,
      chunkCount: Math.ceil(data.details.length / CHUNK_SIZE),
      hasLineage: input.lineage !== null,
      status: data.status,
      dashboards,
    },
    details: data.details,
    lineage: input.lineage,
    assets: await assets,
  });
  return { outDir, pages: data.details.length, dashboards: dashboards.length, problems };
}
