import type { Command } from 'commander';
import { projectOptions, runAction, toExecuteOptions, type GlobalFlags } from './common.js';

/** `mdl docs generate` and `mdl docs serve`; the site itself lives in src/docs. */
export function registerDocs(program: Command): void {
  const docs = program.command('docs').description('generate and serve the documentation site');
  projectOptions(docs.command('generate').description('write the static docs site to target/docs'))
    .action((flags: GlobalFlags) => runAction(flags, async (reporter) => {
      const { docsGenerate } = await import('../api/docs.js');
      const out = await docsGenerate(toExecuteOptions(flags, reporter));
      reporter.info(`Docs written to ${out.outDir} (${out.pages} pages, ${out.dashboards} dashboards)`);
      return 0;
    }));
  docs.command('serve').description('serve target/docs on localhost')
    .option('--project-dir <dir>', 'project directory')
    .option('--port <n>', 'port', '8080')
    .action((flags: GlobalFlags & { port: string }) => runAction(flags, async (reporter) => {
      const { docsServe } = await import('../api/docs.js');
      const server = await docsServe({ projectDir: flags.projectDir, port: Number(flags.port) });
      reporter.info(`Serving docs at ${server.url} (Ctrl+C to stop)`);
      await new Promise(() => {});
      return 0;
    }));
}
