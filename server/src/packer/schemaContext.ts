// Which schema applies at a cursor: the chain of blocks around it resolved against the schema data, so completion and
// hover offer exactly the attributes and nested blocks Packer (or the known plugin) accepts there.
import { blockLabelNodes, blockType, firstChildOfType } from '../parsing/nodes';
import type { SyntaxNode, SyntaxTree } from '../parsing/treeSitter';
import { labelValue } from './model';
import { buildBlocks, componentKindOfBlock, findComponent, topLevelBlocks } from './schema';
import type { AttributeSchema, BlockSchema, ComponentSchema } from './schema';

export interface BodySchema {
  /** The block chain from the outermost, e.g. ['build', 'provisioner']. Empty at the top level. */
  path: string[];
  attributes: readonly AttributeSchema[];
  blocks: Readonly<Record<string, BlockSchema>>;
  /** The plugin whose body this is, when known. */
  component?: ComponentSchema;
  /** True when the body belongs to a plugin Bilder has no schema for (or an open block). */
  open: boolean;
  /** The innermost block node, if any. */
  block?: SyntaxNode;
}

const TOP: BodySchema = { path: [], attributes: [], blocks: topLevelBlocks, open: false };
const SOURCE_PREFIX = 'source.';

/** Blocks whose body (between the braces) contains the offset, outermost first. */
export function enclosingBlocks(tree: SyntaxTree, offset: number): SyntaxNode[] {
  const blocks: SyntaxNode[] = [];
  for (let node: SyntaxNode | null = tree.rootNode.descendantForIndex(offset); node; node = node.parent) {
    if (node.type !== 'block') continue;
    const start = firstChildOfType(node, 'block_start');
    const end = firstChildOfType(node, 'block_end');
    if (!start || offset < start.endIndex) continue;
    if (end && !end.isMissing && offset > end.startIndex) continue;
    blocks.push(node);
  }
  return blocks.reverse();
}

export function bodySchemaAt(tree: SyntaxTree, text: string, offset: number): BodySchema | undefined {
  let current: BodySchema = TOP;
  for (const block of enclosingBlocks(tree, offset)) {
    const type = blockType(block);
    const schema = current.blocks[type];
    if (!schema || current.open) return { ...current, path: [...current.path, type], attributes: [], blocks: {}, open: true, block };
    const path = [...current.path, type];
    // Inside a plugin body every block belongs to the plugin, even one named like a Packer block.
    const kind = current.component ? undefined : componentKindOfBlock[type];
    if (kind) {
      const label = blockLabelNodes(block)[0];
      const value = label ? labelValue(label, text) : '';
      const componentType = current.blocks === buildBlocks && kind === 'builder' ? buildSourceType(value) : value;
      const component = componentType ? findComponent(kind, componentType) : undefined;
      current = component
        ? { path, attributes: [...component.attributes, ...schema.attributes], blocks: component.blocks, component, open: false, block }
        : { path, attributes: schema.attributes, blocks: {}, open: true, block };
      continue;
    }
    current = { path, attributes: schema.attributes, blocks: schema.blocks, open: schema.open === true, block };
  }
  return current;
}

function buildSourceType(label: string): string | undefined {
  const reference = label.startsWith(SOURCE_PREFIX) ? label.slice(SOURCE_PREFIX.length) : label;
  const dot = reference.indexOf('.');
  return dot > 0 ? reference.slice(0, dot) : undefined;
}
