// Times the docs site's first interactive lineage render in headless Chromium.
// Usage: node first-render.mjs SITE_DIR REPS. Prints {"seconds":[...]} on stdout.
// Chromium is launched once (untimed); each repetition opens a new page and times from navigation
// start until the site says the graph route is ready (window.mdlDocs.ready) with nodes drawn.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [siteDir, repsText] = process.argv.slice(2);
const index = join(siteDir ?? '', 'index.html');
if (!existsSync(index)) {
  console.error(`no docs site at ${index}`);
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const seconds = [];
try {
  for (let rep = 0; rep < Number(repsText ?? 1); rep += 1) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(`${pathToFileURL(index).href}#/graph`);
    await page.waitForFunction(
      () => window.mdlDocs?.ready === true && window.mdlDocs.route.startsWith('#/graph') && window.mdlDocs.graphNodeIds().length > 0,
      undefined,
      { timeout: 120_000, polling: 10 },
    );
    seconds.push((performance.now() - started) / 1000);
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ seconds }));
