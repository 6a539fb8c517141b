/**
 * Drives the generated site in Debian's Chromium through playwright-core: the checks both
 * browser tests share (fixture project and the example project).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install it with \`apt-get update && apt-get install -y chromium\` (CI does this in .ci/run).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** A page that records console errors, failed requests and uncaught exceptions. */
export async function openPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  return { page, errors };
}

export async function waitReady(page: Page, route: string): Promise<void> {
  await page.waitForFunction((r) => window.mdlDocs?.ready === true && window.mdlDocs.route === r, route);
}

export async function goto(page: Page, base: string, route: string): Promise<void> {
  await page.goto(`${base}${route}`);
  await waitReady(page, route);
}

/** Clicks the node where the graph draws it, like a user would. */
export async function clickGraphNode(page: Page, id: string): Promise<void> {
  const pos = await page.evaluate((n) => window.mdlDocs!.nodePagePosition(n), id);
  if (!pos) throw new Error(`graph has no node ${id}`);
  await page.mouse.click(pos.x, pos.y);
}

/** Number of drawn (non-transparent, non-white) pixels per chart canvas on the page. */
export async function chartInk(page: Page): Promise<number[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('[data-testid="chart-canvas"]')].map((box) => {
    const canvas = box.querySelector('canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240)) ink++;
    return ink;
  }));
}

/** Waits until every chart canvas has drawn something (charts animate in). */
export async function waitChartsDrawn(page: Page, minInk = 500): Promise<number[]> {
  await page.waitForFunction((min) => {
    const boxes = [...document.querySelectorAll('[data-testid="chart-canvas"]')];
    return boxes.length > 0 && boxes.every((b) => {
      const c = b.querySelector('canvas');
      const ctx = c?.getContext('2d');
      if (!c || !ctx) return false;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      let ink = 0;
      for (let i = 0; i < data.length && ink < min; i += 4) if (data[i + 3]! > 0 && (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240)) ink++;
      return ink >= min;
    });
  }, minInk);
  return chartInk(page);
}

export async function screenshot(page: Page, path: string, fullPage = false): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage });
}

/** The lineage cards shown after clicking a column, as `node-id:column`. */
export async function lineageSteps(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="lineage-step"]', (cards) => cards.map((c) => `${c.getAttribute('data-node')}:${c.getAttribute('data-column')}`));
}
