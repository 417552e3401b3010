// The schema of the body at the end of a block path (types and labels, outermost first): the one resolution for a path
// read from the text while it is being typed (completion, hover) and from tree-sitter's nodes (schemaContext.ts).
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
/** HCL's `dynamic "<block>"`, which Packer accepts in any plugin body to generate nested blocks. */
const DYNAMIC = 'dynamic';

/** The nested blocks a plugin body may hold, plus `dynamic` when it has any to generate. */
export function blocksWithDynamic(schema: PathSchema): PathSchema['blocks'] {
  const dynamic = buildBlocks[DYNAMIC];
  if (!schema.component || !dynamic || Object.keys(schema.blocks).length === 0 || DYNAMIC in schema.blocks) return schema.blocks;
  return { ...schema.blocks, [DYNAMIC]: dynamic };
}

/** `dynamic "<block>" { content { … } }`: its own arguments, and `content` with the generated block's body. */
function dynamicBody(parent: PathSchema, step: BlockPathStep, path: string[]): PathSchema {
  const dynamic = buildBlocks[DYNAMIC]!;
  const generated = parent.blocks[step.labels[0] ?? ''];
  if (!generated) return { path, attributes: dynamic.attributes, blocks: {}, open: true, blockSchema: dynamic };
  const content = { ...generated, nesting: 'single' as const, labels: [], description: dynamic.blocks.content?.description ?? generated.description };
  // `content` keeps the plugin as its component, so the generated block's own nested blocks resolve inside it.
  return { path, attributes: dynamic.attributes, blocks: { content }, component: parent.component, open: false, blockSchema: dynamic };
}

export function schemaOfBlockPath(steps: readonly BlockPathStep[]): PathSchema {
  let current: PathSchema = { path: [], attributes: [], blocks: topLevelBlocks, open: false };
  for (const step of steps) {
    const path = [...current.path, step.type];
    if (step.type === DYNAMIC && current.component) {
      current = dynamicBody(current, step, path);
      continue;
    }
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
    current = { path, attributes: schema.attributes, blocks: schema.blocks, component: current.component, open: schema.open === true, blockSchema: schema };
  }
  return current;
}

/** `source.amazon-ebs.x` or `amazon-ebs.x` in a build's `source` block → `amazon-ebs`. */
export function buildSourceType(label: string): string | undefined {
  const reference = label.startsWith(SOURCE_PREFIX) ? label.slice(SOURCE_PREFIX.length) : label;
  const dot = reference.indexOf('.');
  return dot > 0 ? reference.slice(0, dot) : undefined;
}
