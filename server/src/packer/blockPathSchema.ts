// The schema of the body at the end of a block path (types and labels, outermost first) — the same resolution as
// schemaContext.ts does from tree-sitter's nodes, for a path read from the text while it is being typed.
import type { BodySchema } from './schemaContext';
import { buildBlocks, componentKindOfBlock, findComponent, topLevelBlocks } from './schema';
import type { BlockSchema } from './schema';

export interface BlockPathStep {
  type: string;
  labels: readonly string[];
}

export interface PathSchema extends Omit<BodySchema, 'block'> {
  /** The schema of the innermost block itself (labels, description), when known. */
  blockSchema?: BlockSchema;
}

const SOURCE_PREFIX = 'source.';

export function schemaOfBlockPath(steps: readonly BlockPathStep[]): PathSchema {
  let current: PathSchema = { path: [], attributes: [], blocks: topLevelBlocks, open: false };
  for (const step of steps) {
    const path = [...current.path, step.type];
    const schema = current.blocks[step.type];
    if (!schema || current.open) return { path, attributes: [], blocks: {}, open: true };
    // Inside a plugin body every block belongs to the plugin, even one named like a Packer block.
    const kind = current.component ? undefined : componentKindOfBlock[step.type];
    if (kind) {
      const label = step.labels[0] ?? '';
      const componentType = current.blocks === buildBlocks && kind === 'builder' ? buildSourceType(label) : label;
      const component = componentType ? findComponent(kind, componentType) : undefined;
      current = component
        ? { path, attributes: [...component.attributes, ...schema.attributes], blocks: component.blocks, component, open: false, blockSchema: schema }
        : { path, attributes: schema.attributes, blocks: {}, open: true, blockSchema: schema };
      continue;
    }
    current = { path, attributes: schema.attributes, blocks: schema.blocks, open: schema.open === true, blockSchema: schema };
  }
  return current;
}

/** `source.amazon-ebs.x` or `amazon-ebs.x` in a build's `source` block → `amazon-ebs`. */
export function buildSourceType(label: string): string | undefined {
  const reference = label.startsWith(SOURCE_PREFIX) ? label.slice(SOURCE_PREFIX.length) : label;
  const dot = reference.indexOf('.');
  return dot > 0 ? reference.slice(0, dot) : undefined;
}
