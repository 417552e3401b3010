// Builds the model of one file from its tree, reusing the unchanged items of the previous version's model.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { attributesOf, blocksOf, fileBody, firstChildOfType } from '../../parsing/nodes';
import type { SyntaxTree } from '../../parsing/treeSitter';
import { addTopLevelBlock } from './blocks';
import { FRAGMENT_LISTS, emptyModel, fragmentsOf, keepFragments, reusedFragment } from './fragments';
import type { BuildContext, ItemFragment } from './fragments';
import { rangeOf } from './ranges';
import { collectExpressions } from './references';
import type { FileKind, PackerFileModel } from './types';

/**
 * Builds the model of one file. Pure: reads only the tree and the document it was parsed from. `previous`, a model of
 * an earlier version of the same document, lets a keystroke rebuild only the items whose text changed: reading every
 * reference out of the tree again was most of the cost of analysing a large template per keystroke.
 */
export function buildFileModel(
  document: TextDocument,
  tree: SyntaxTree,
  kind: FileKind,
  previous?: PackerFileModel,
  /** False for files nobody edits (indexed from disk): no per-item fragments are kept for a next version. */
  reusable = true,
): PackerFileModel {
  const text = document.getText();
  const context: BuildContext = { document, text };
  const model = emptyModel(document.uri, kind);
  const body = fileBody(tree);
  if (!body) return model;

  if (kind === 'packervars') {
    for (const attribute of attributesOf(body)) {
      const nameNode = firstChildOfType(attribute, 'identifier');
      if (nameNode) model.assignments.push({ name: nameNode.text, nameRange: rangeOf(document, nameNode), range: rangeOf(document, attribute) });
    }
    collectExpressions(model, context, body, false);
    return model;
  }

  // Attributes first, then blocks: the order every list of the model has always had.
  const items = [...attributesOf(body), ...blocksOf(body)];
  if (!reusable) {
    for (const item of items) {
      if (item.type === 'attribute') collectExpressions(model, context, item, false);
      else addTopLevelBlock(model, context, item);
    }
    return model;
  }
  const earlier = previous?.uri === document.uri && previous.kind === kind ? fragmentsOf(previous) : undefined;
  let earlierChildren: Map<string, ItemFragment> | undefined;
  const earlierChild = (key: string): ItemFragment | undefined => {
    if (!earlierChildren) {
      earlierChildren = new Map();
      for (const fragment of earlier?.values() ?? []) for (const [childKey, child] of fragment.children ?? []) earlierChildren.set(childKey, child);
    }
    return earlierChildren.get(key);
  };
  // Templates repeat whole attributes from block to block (four near-identical sources are common). A child is looked
  // up among the children of the item that started at the same place, or it would be taken from another block and
  // moved, which copies it.
  let earlierByOrigin: Map<string, ItemFragment> | undefined;
  const earlierAt = (origin: Position): ItemFragment | undefined => {
    if (!earlierByOrigin) {
      earlierByOrigin = new Map();
      for (const fragment of earlier?.values() ?? []) earlierByOrigin.set(`${fragment.origin.line}:${fragment.origin.character}`, fragment);
    }
    return earlierByOrigin.get(`${origin.line}:${origin.character}`);
  };
  const fragments = new Map<string, ItemFragment>();
  keepFragments(model, fragments);
  for (const item of items) {
    const origin = document.positionAt(item.startIndex);
    // Error recovery can read the same text differently beside other errors, so only error-free items are reused.
    const key = item.hasError ? undefined : `${item.type}\u0000${text.slice(item.startIndex, item.endIndex)}`;
    let fragment = key === undefined ? undefined : reusedFragment(fragments.get(key) ?? earlier?.get(key), origin);
    if (!fragment) {
      const itemModel = emptyModel(document.uri, kind);
      if (item.type === 'attribute') {
        collectExpressions(itemModel, context, item, false);
        fragment = { origin, model: itemModel };
      } else {
        const children = new Map<string, ItemFragment>();
        // Only an item that moved looks through every block's children: that index costs a map of hundreds of entries.
        const sameStart = earlierAt(origin)?.children;
        addTopLevelBlock(itemModel, context, item, { earlier: sameStart ? (childKey) => sameStart.get(childKey) : earlierChild, children });
        fragment = { origin, model: itemModel, children };
      }
    }
    if (key !== undefined) fragments.set(key, fragment);
    for (const list of FRAGMENT_LISTS) (model[list] as unknown[]).push(...fragment.model[list]);
  }
  return model;
}
