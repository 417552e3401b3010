// Packer's language as data: the one import for rules and features that need to know what Packer accepts.
export type * from './types';
export type { PluginRelease } from './plugins';
export { topLevelBlocks, buildBlocks, metaArguments, componentKindOfBlock } from './language';
export { functions } from './functions';
export { buildVariables, pathVariables, packerVariables, sourceVariables } from './references';
export { findComponent, componentSummaries, componentRelease, componentProvenance, schemaReleases, schemaLoadProblem } from './catalog';
