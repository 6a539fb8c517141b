import { Option, type Command } from 'commander';
import jsyaml from 'js-yaml';
import type { ExecuteOptions } from '../api/options.js';
import { MdlError } from '../errors/diagnostic.js';
import { Reporter } from '../reporting/console-reporter.js';

export interface GlobalFlags {
  readonly projectDir?: string;
  readonly target?: string;
  readonly vars?: string;
  readonly select?: string[];
  readonly exclude?: string[];
  readonly threads?: string;
  readonly fullRefresh?: boolean;
  readonly failFast?: boolean;
  readonly wap?: boolean;
  readonly logFormat?: 'text' | 'json';
  readonly wait?: string;
  readonly debug?: boolean;
}

/** Options shared by the commands that read a project. */
export function projectOptions(command: Command): Command {
  return command
    .option('--project-dir <dir>', 'project directory (default: the current directory)')
    .option('-t, --target <name>', 'target from project.yml `targets:`')
    .option('--vars <yaml>', "variables as YAML or JSON, e.g. '{start_date: 2024-01-01}'")
    .option('-s, --select <selector...>', 'nodes to include (dbt selection syntax)')
    .option('--exclude <selector...>', 'nodes to leave out')
    .addOption(new Option('--log-format <format>', 'console output').choices(['text', 'json']).default('text'))
    .option('--debug', 'show stack traces for errors');
}

export function executeOptions(command: Command): Command {
  return projectOptions(command)
    .option('--threads <n>', 'nodes run in parallel on separate connections')
    .option('--full-refresh', 'rebuild incremental models from scratch')
    .option('--fail-fast', 'stop at the first failure')
    .option('--wap', 'write-audit-publish: build and test in staging schemas, publish to production only if all error tests pass')
    .option('--wait <seconds>', 'wait this long for another mdl writing the same warehouse');
}

function parseVars(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
  } catch (error) {
    throw new MdlError({ code: 'E_VARS', kind: 'Parsing Error', message: `--vars is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`, hint: "Pass a mapping, e.g. --vars '{scale: 10}'." });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MdlError({ code: 'E_VARS', kind: 'Parsing Error', message: '--vars must be a mapping of names to values.', hint: "For example --vars '{scale: 10}'." });
  }
  return value as Record<string, unknown>;
}

function positiveInt(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || (flag === '--threads' && (!Number.isInteger(n) || n < 1))) {
    throw new MdlError({ code: 'E_ARGS', kind: 'Parsing Error', message: `${flag} ${text} is not a valid number.`, hint: `Pass a whole number, e.g. ${flag} 4.` });
  }
  return n;
}

export function reporterFor(flags: GlobalFlags): Reporter {
  return new Reporter({ format: flags.logFormat ?? 'text' });
}

export function toExecuteOptions(flags: GlobalFlags, reporter: Reporter): ExecuteOptions {
  return {
    projectDir: flags.projectDir,
    target: flags.target,
    vars: parseVars(flags.vars),
    select: flags.select,
    exclude: flags.exclude,
    threads: positiveInt(flags.threads, '--threads'),
    fullRefresh: flags.fullRefresh,
    failFast: flags.failFast,
    wap: flags.wap,
    wait: positiveInt(flags.wait, '--wait'),
    reporter,
  };
}

/** Runs a command body and maps the outcome to an exit code (0 ok, 1 failures, 2 bad project or bug). */
export async function runAction(flags: GlobalFlags, body: (reporter: Reporter) => Promise<number>): Promise<never> {
  const reporter = reporterFor(flags);
  let code: number;
  try {
    code = await body(reporter);
  } catch (error) {
    if (error instanceof MdlError) {
      reporter.diagnostics(error.diagnostics);
      if (flags.debug && error.cause instanceof Error) reporter.data(String(error.cause.stack));
      code = error.exitCode;
    } else {
      reporter.diagnostics([{
        code: 'E_INTERNAL', kind: 'Runtime Error',
        message: `Internal error in mdl: ${(error as Error).message}`,
        hint: 'This is a bug in mdl; please report it with the stack trace below.',
      }]);
      reporter.data(String((error as Error).stack ?? ''));
      code = 2;
    }
  }
  // Exit only once everything written has reached the pipe: process.exit() right away cut
  // `mdl ls | wc -l` short on big projects.
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
  process.exit(code);
}
