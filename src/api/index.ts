/** The programmatic API: what the CLI and tests call. */
export { compile, list, type ListOptions } from './compile.js';
export { executeCommand, type Command, type ExecuteOutcome } from './execute.js';
export { show, formatTable, type ShowOptions } from './show.js';
export { clean, debug, init } from './maintenance.js';
export type { CommonOptions, ExecuteOptions } from './options.js';

import { executeCommand } from './execute.js';
import type { ExecuteOptions } from './options.js';

export const build = (options: ExecuteOptions = {}) => executeCommand('build', options);
export const run = (options: ExecuteOptions = {}) => executeCommand('run', options);
export const seed = (options: ExecuteOptions = {}) => executeCommand('seed', options);
export const test = (options: ExecuteOptions = {}) => executeCommand('test', options);
