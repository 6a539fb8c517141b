/**
 * `npm run generate -- --scale 1 --seed 42 --out <dir>`: writes the shop's raw CSV extract.
 * Scale 1 is what `seeds/` holds; larger scales go to a folder the build reads through the
 * `raw_data_path` var (never committed; `data/generated/` is git-ignored).
 * `--layout landing` writes `<dir>/<entity>/base.csv` for the landing_path var instead, and
 * `--increment K` adds increment K (`<dir>/<entity>/increment-000K.csv`) to such a folder.
 */
import { parseArgs } from 'node:util';
import { generate, MANIFEST_FILE, type GeneratorManifest, type Layout } from './generate.js';
import { generateIncrement, type IncrementSummary } from './increment.js';

function summary(manifest: GeneratorManifest, outDir: string, seconds: number): string {
  const lines = [`Generated scale ${manifest.scale} (seed ${manifest.seed}) into ${outDir} in ${seconds.toFixed(1)} s`];
  for (const [file, info] of Object.entries(manifest.files)) {
    lines.push(`  ${file.padEnd(16)} ${String(info.rows).padStart(10)} rows`);
    for (const [kind, count] of Object.entries(info.defects)) lines.push(`      ${kind.padEnd(24)} ${String(count).padStart(8)}`);
  }
  lines.push(`  cascade: order items of future-dated orders ${manifest.cascades.order_items_of_future_dated_orders}`);
  lines.push(`  manifest: ${MANIFEST_FILE}`);
  return lines.join('\n');
}

function incrementSummary(summary: IncrementSummary, outDir: string): string {
  const lines = [`Wrote increment ${summary.increment} (${summary.first_day} to ${summary.as_of_date}) into ${outDir}`];
  for (const [file, rows] of Object.entries(summary.files)) lines.push(`  ${file.padEnd(34)} ${String(rows).padStart(8)} rows`);
  lines.push(`  build it with: npx mdl build --vars '{landing_path: ${outDir}, as_of_date: "${summary.as_of_date}"}'`);
  return lines.join('\n');
}

function main(): void {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      seed: { type: 'string', default: '42' },
      out: { type: 'string' },
      layout: { type: 'string', default: 'flat' },
      increment: { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('Usage: npm run generate -- [--scale N] [--seed N] [--out DIR] [--layout flat|landing] [--increment K] [--no-progress]\n' +
      'Default --out: data/generated/scale-<N> (git-ignored).\n' +
      '--layout landing: write <out>/<entity>/base.csv (for the landing_path var) instead of <out>/<entity>.csv.\n' +
      '--increment K: write only increment K into the landing folder <out>: about 1% new orders (week K after\n' +
      '  the extract date) and new versions of about 1% of the customers, as <out>/<entity>/increment-000K.csv.');
    return;
  }
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  const outDir = values.out ?? `data/generated/scale-${values.scale}`;
  const layout = values.layout as Layout;
  if (layout !== 'flat' && layout !== 'landing') throw new Error(`--layout must be flat or landing, got ${values.layout}`);
  if (values.increment !== undefined) {
    console.log(incrementSummary(generateIncrement({ scale, seed, outDir, increment: Number(values.increment) }), outDir));
    return;
  }
  const started = performance.now();
  const manifest = generate({ scale, seed, outDir, layout, progress: values['no-progress'] ? false : undefined });
  console.log(summary(manifest, outDir, (performance.now() - started) / 1000));
}

try {
  main();
} catch (error) {
  console.error(`generate: ${(error as Error).message}`);
  process.exit(2);
}
