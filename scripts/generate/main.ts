/**
 * `npm run generate -- --scale 1 --seed 42 --out <dir>`: writes the shop's raw CSV extract.
 * Scale 1 is what `seeds/` holds; larger scales go to a folder the build reads through the
 * `raw_data_path` var (never committed; `data/generated/` is git-ignored).
 */
import { parseArgs } from 'node:util';
import { generate, MANIFEST_FILE, type GeneratorManifest } from './generate.js';

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

function main(): void {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      seed: { type: 'string', default: '42' },
      out: { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('Usage: npm run generate -- [--scale N] [--seed N] [--out DIR] [--no-progress]\n' +
      'Default --out: data/generated/scale-<N> (git-ignored).');
    return;
  }
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  const outDir = values.out ?? `data/generated/scale-${values.scale}`;
  const started = performance.now();
  const manifest = generate({ scale, seed, outDir, progress: values['no-progress'] ? false : undefined });
  console.log(summary(manifest, outDir, (performance.now() - started) / 1000));
}

try {
  main();
} catch (error) {
  console.error(`generate: ${(error as Error).message}`);
  process.exit(2);
}
