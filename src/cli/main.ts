#!/usr/bin/env node
import { Command } from 'commander';
import { clean, compile, debug, executeCommand, formatTable, init, list, show } from '../api/index.js';
import { VERSION } from '../version.js';
import { executeOptions, projectOptions, runAction, toExecuteOptions, type GlobalFlags } from './common.js';
import { registerDocs } from './docs.js';

// `mdl ls | head` closes stdout early: without a listener the EPIPE is an uncaught error that
// kills a build mid-way with a stack trace. Output stops; the command carries on.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

const program = new Command('mdl')
  .description('Declarative SQL models: compile Jinja SQL into a dependency graph, build it, test it, document it.')
  .version(VERSION, '-v, --version')
  .showHelpAfterError('(run mdl --help for usage)')
  // A mistyped command or flag is a usage error (exit 2), not a failed node (exit 1, which CI
  // would read as a failing test). Subcommands made after this inherit it.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

const commands: [('build' | 'run' | 'seed' | 'test' | 'snapshot'), string][] = [
  ['build', 'seed, run and test everything selected, in dependency order'],
  ['run', 'build the selected models'],
  ['seed', 'load the CSV files in seeds/ into tables'],
  ['test', 'run the data tests'],
  ['snapshot', 'record changes of the snapshots in snapshots/ (SCD type 2 history)'],
];
for (const [name, description] of commands) {
  executeOptions(program.command(name).description(description)).action((flags: GlobalFlags) =>
    runAction(flags, async (reporter) => (await executeCommand(name, toExecuteOptions(flags, reporter))).exitCode));
}

projectOptions(program.command('compile').description('render every model to target/compiled and write target/manifest.json'))
  .action((flags: GlobalFlags) => runAction(flags, async (reporter) => {
    const compiled = await compile(toExecuteOptions(flags, reporter));
    reporter.info(`Compiled ${Object.keys(compiled.manifest.nodes).length} nodes to ${compiled.project.config.targetPath}/compiled`);
    return 0;
  }));

projectOptions(program.command('ls').alias('list').description('list the selected resources'))
  .option('--resource-type <type...>', 'only these types (model, seed, test, source, analysis)')
  .option('--output <format>', 'name | path | json | selector', 'selector')
  .action((flags: GlobalFlags & { resourceType?: string[]; output?: string }) => runAction(flags, async (reporter) => {
    const lines = await list({ ...toExecuteOptions(flags, reporter), resourceTypes: flags.resourceType, output: flags.output as 'name' });
    if (lines.length > 0) reporter.data(lines.join('\n'));
    return 0;
  }));

projectOptions(program.command('show').description('preview the rows of a model or of inline SQL'))
  .option('--inline <sql>', "SQL to run, may use {{ ref('x') }}")
  .option('--limit <n>', 'rows to show', '10')
  .action((flags: GlobalFlags & { inline?: string; limit?: string }) => runAction(flags, async (reporter) => {
    const result = await show({ ...toExecuteOptions(flags, reporter), inline: flags.inline, limit: Number(flags.limit) });
    reporter.data(flags.logFormat === 'json' ? JSON.stringify(result.rows) : formatTable(result.columns, result.rows));
    return 0;
  }));

projectOptions(program.command('debug').description('show the resolved target and check the warehouse opens'))
  .action((flags: GlobalFlags) => runAction(flags, async (reporter) => {
    const result = await debug(toExecuteOptions(flags, reporter));
    reporter.data(result.lines.join('\n'));
    return result.ok ? 0 : 1;
  }));

program.command('clean').description('remove the target/ folder').option('--project-dir <dir>', 'project directory')
  .action((flags: GlobalFlags) => runAction(flags, async (reporter) => {
    reporter.info(`Removed ${clean({ projectDir: flags.projectDir })}`);
    return 0;
  }));

program.command('init').description('create a starter project').argument('<dir>', 'folder to create it in')
  .option('--name <name>', 'project name', 'my_project')
  .action((dir: string, flags: GlobalFlags & { name: string }) => runAction(flags, async (reporter) => {
    const root = init(dir, flags.name);
    reporter.info(`Created a project in ${root}. Next: cd ${dir} && npx mdl build`);
    return 0;
  }));

registerDocs(program);

await program.parseAsync(process.argv);
