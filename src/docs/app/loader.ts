/// <reference lib="dom" />
/**
 * Lazy data loading by <script> injection: works from file://, where fetch() of local JSON is
 * blocked. Each data file calls a global callback registered here.
 */
import type { SiteColumnLineage, SiteIndex, SiteNodeDetail } from '../site-types.js';
import type { createDashboardView } from './dashboard-view.js';
import type { renderNodePage } from './node-page.js';

/** What `assets/pages.js` hands over: the views built on the heavy libraries. */
export interface SitePages {
  readonly renderNodePage: typeof renderNodePage;
  readonly createDashboardView: typeof createDashboardView;
}

declare global {
  interface Window {
    __mdlSite?: SiteIndex;
    __mdlPages?: SitePages;
    __mdlChunk?: (chunk: number, details: SiteNodeDetail[]) => void;
    __mdlLineage?: (lineage: SiteColumnLineage) => void;
  }
}

const chunks = new Map<number, Promise<void>>();
const details = new Map<string, SiteNodeDetail>();
let lineage: Promise<SiteColumnLineage | null> | undefined;
let pagesScript: Promise<SitePages> | undefined;

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Could not load ${src}`));
    document.head.append(script);
  });
}

export function site(): SiteIndex {
  if (!window.__mdlSite) throw new Error('data/index.js did not load');
  return window.__mdlSite;
}

export async function nodeDetail(id: string, chunk: number): Promise<SiteNodeDetail | undefined> {
  if (!details.has(id)) {
    let pending = chunks.get(chunk);
    if (!pending) {
      window.__mdlChunk = (_n, list) => list.forEach((d) => details.set(d.id, d));
      pending = loadScript(`data/nodes-${chunk}.js`);
      chunks.set(chunk, pending);
    }
    await pending;
  }
  return details.get(id);
}

export function columnLineage(): Promise<SiteColumnLineage | null> {
  if (!site().hasLineage) return Promise.resolve(null);
  lineage ??= new Promise((resolve, reject) => {
    window.__mdlLineage = (value) => resolve(value);
    loadScript('data/lineage.js').catch(reject);
  });
  return lineage;
}

/**
 * The node page and dashboard views (`assets/pages.js`), loaded once on first use. pages.js bundles
 * its own copy of this module; only its `columnLineage()` is used there.
 */
export function pages(): Promise<SitePages> {
  pagesScript ??= loadScript('assets/pages.js').then(() => {
    if (!window.__mdlPages) throw new Error('assets/pages.js did not load');
    return window.__mdlPages;
  });
  return pagesScript;
}
