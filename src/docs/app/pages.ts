/// <reference lib="dom" />
/**
 * Entry of `assets/pages.js`: the views that need the heavy libraries (marked, DOMPurify,
 * highlight.js, ECharts). The shell loads this script on demand (`pages()` in loader.ts), so the
 * first lineage render does not wait for code it does not use.
 */
import { createDashboardView } from './dashboard-view.js';
import { renderNodePage } from './node-page.js';

window.__mdlPages = { renderNodePage, createDashboardView };
