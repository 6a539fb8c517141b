/** Materializations a model may declare. Each has a planner in this folder. */
export const MODEL_MATERIALIZATIONS: readonly string[] = ['view', 'table', 'ephemeral', 'incremental'];
