// The attribute and nested-block names a body already has, so a rename never creates a duplicate.
import { ancestors, attributeName, attributesOf, blockType, blocksOf, namedNodeAt } from '../../parsing/nodes';
import type { SyntaxTree } from '../../parsing/treeSitter';

/** Names set in the body that holds the name at `offset`. */
export function namesInBlock(tree: SyntaxTree, offset: number): Set<string> {
  const body = ancestors(namedNodeAt(tree, offset + 1)).find((node) => node.type === 'body');
  if (!body) return new Set();
  return new Set([...attributesOf(body).map(attributeName), ...blocksOf(body).map(blockType)]);
}
