// The model of a Packer file, split by concern: types, extraction (blocks), the reference scanner, literals, ranges and
// incremental reuse (fragments). Importers use this index.
export * from './types';
export { buildFileModel } from './build';
export { literalSummary } from './literals';
export { labelContentRange, labelValue, movedPosition, rangeContains, spanRange } from './ranges';
