/**
 * A node that runs while the tests of its parents still run (scheduler.ts) writes in a
 * transaction and commits only once they have passed.
 */

/**
 * Thrown at the commit point when a test gating the node failed: the transaction rolls back and
 * the node is reported as skipped, as if it had never started.
 */
export class GateClosed extends Error {
  constructor(readonly testId: string) {
    super(`a test this node waits for failed (${testId})`);
  }
}

/**
 * Waits for the node's gate (RunNodeContext.gate), if any; throws GateClosed when a gating test
 * failed. Called just before COMMIT.
 */
export async function beforeCommit(ctx: { readonly gate?: () => Promise<string | undefined> }): Promise<void> {
  const failed = await ctx.gate?.();
  if (failed) throw new GateClosed(failed);
}
