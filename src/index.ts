/** mdl as a library: `import { build, compile } from 'mdl'`. */
export * from './api/index.js';
export { MdlError, type Diagnostic } from './errors/diagnostic.js';
export { formatDiagnostic } from './errors/format.js';
export { Reporter } from './reporting/console-reporter.js';
export type { Manifest, ManifestNode, RunResults, Catalog } from './compile/manifest-types.js';
export type { Engine, Dialect, Warehouse, Connection } from './adapters/adapter.js';
