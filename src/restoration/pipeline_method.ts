/** `full` and the ablations: interp only, fusion without the interp net, fusion without unfolding. */
export const PIPELINE_METHODS = ['interp_net', 'unfold_fusion', 'interp_fusion', 'full'] as const;
export type PipelineMethod = (typeof PIPELINE_METHODS)[number];
