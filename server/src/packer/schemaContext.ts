// Which schema applies at a cursor: the chain of blocks around it resolved against the schema data, so completion and
// hover offer exactly the attributes and nested blocks Packer (or the known plugin) accepts there.
import { blockLabelNodes, blockType, firstChildOfType } from '../parsing/nodes';
import type { SyntaxNode, SyntaxTree } from '../parsing/treeSitter';
import { schemaOfBlockPath } from './blockPathSchema';
import { labelValue } from './model';
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

/** The schema at an offset of a parsed file: its enclosing blocks resolved as completion resolves a typed block path. */
export function bodySchemaAt(tree: SyntaxTree, text: string, offset: number): BodySchema | undefined {
  const blocks = enclosingBlocks(tree, offset);
  const steps = blocks.map((block) => ({ type: blockType(block), labels: blockLabelNodes(block).map((label) => labelValue(label, text)) }));
  const { path, attributes, blocks: nested, component, open } = schemaOfBlockPath(steps);
  return { path, attributes, blocks: nested, component, open, block: blocks.at(-1) };
}
