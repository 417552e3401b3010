// The reference scanner: every `var.x`, `local.y`, `source.t.n`… and function call below a node, read from the text
// where the tree has no errors (each question asked of a node crosses into wasm) and from the tree elsewhere.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { firstChildOfType } from '../../parsing/nodes';
import type { SyntaxNode } from '../../parsing/treeSitter';
import type { BuildContext } from './fragments';
import { rangeOf, spanRange } from './ranges';
import { REFERENCE_ROOTS } from './types';
import type { PackerFileModel, Reference, ReferenceRoot } from './types';

const ROOT_SET = new Set<string>(REFERENCE_ROOTS);

const EXPRESSION_NODE_TYPES = ['variable_expr', 'function_call'];

/**
 * Collects references and function calls below `root`, each list in document order. The search runs inside
 * tree-sitter and hands back only matching nodes: visiting every node from JavaScript was most of the cost of
 * rebuilding a model on each keystroke. A `variable_expr` holds only its identifier, so no match is nested in another
 * reference. Where the tree has no errors, names and `.name` parts are read from the text: each question asked of a
 * node crosses into wasm, and those crossings were most of what building a model cost.
 */
export function collectExpressions(model: PackerFileModel, context: BuildContext, root: SyntaxNode, inVariableDefault: boolean): void {
  const { document, text } = context;
  const errorFree = !root.hasError;
  // One search for both: each search walks the whole subtree inside tree-sitter, the largest part of its cost.
  const variables: SyntaxNode[] = [];
  const calls: SyntaxNode[] = [];
  for (const node of root.descendantsOfType(EXPRESSION_NODE_TYPES)) if (node) (node.type === 'variable_expr' ? variables : calls).push(node);
  for (const node of variables) {
    const fromText = errorFree ? referenceFromText(document, text, node.startIndex, inVariableDefault) : undefined;
    const reference = fromText === undefined ? referenceAt(document, text, node, inVariableDefault) : fromText;
    if (reference) model.references.push(reference);
  }
  for (const node of calls) {
    const nameEnd = errorFree ? identifierEnd(text, node.startIndex) : undefined;
    if (nameEnd !== undefined) {
      model.functionCalls.push({ name: text.slice(node.startIndex, nameEnd), nameRange: spanRange(document, node.startIndex, nameEnd), inVariableDefault });
      continue;
    }
    const nameNode = firstChildOfType(node, 'identifier');
    if (nameNode) model.functionCalls.push({ name: nameNode.text, nameRange: rangeOf(document, nameNode), inVariableDefault });
  }
}

/**
 * The reference starting at `start` of an error-free tree, read from the text: null when its root is not one Packer
 * gives meaning to, undefined when only the tree can tell (a part after a blank, a comment, a splat or non-ASCII text).
 */
function referenceFromText(document: TextDocument, text: string, start: number, inVariableDefault: boolean): Reference | null | undefined {
  const rootEnd = identifierEnd(text, start);
  if (rootEnd === undefined) return undefined;
  const root = text.slice(start, rootEnd);
  if (!ROOT_SET.has(root)) return null;
  const parts: string[] = [];
  const partRanges: Range[] = [];
  let end = rootEnd;
  while (text.charCodeAt(end) === DOT) {
    const partEnd = identifierEnd(text, end + 1);
    if (partEnd === undefined) return undefined;
    parts.push(text.slice(end + 1, partEnd));
    partRanges.push(spanRange(document, end + 1, partEnd));
    end = partEnd;
  }
  let next = end;
  while (isAsciiBlank(text.charCodeAt(next))) next++;
  const following = text.charCodeAt(next);
  const comment = following === HASH || (following === SLASH && (text.charCodeAt(next + 1) === SLASH || text.charCodeAt(next + 1) === STAR));
  if (following === DOT || comment || following >= 0x80) return undefined;
  return { root: root as ReferenceRoot, parts, partRanges, rootRange: spanRange(document, start, rootEnd), range: spanRange(document, start, end), inVariableDefault };
}

const DOT = 0x2e;
const HASH = 0x23;
const SLASH = 0x2f;
const STAR = 0x2a;

/** What tree-sitter-hcl skips between tokens: form feed and vertical tab too, which hclsyntax itself rejects. */
function isAsciiBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0b || code === 0x0c;
}

/**
 * The end of the HCL identifier starting at `start` (a letter or `_`, then letters, digits, `_`, `-` and `::`), or
 * undefined when no ASCII identifier starts there or one continues with non-ASCII text, which only the tree can judge.
 */
function identifierEnd(text: string, start: number): number | undefined {
  const first = text.charCodeAt(start);
  if (!(isAsciiLetter(first) || first === 0x5f)) return undefined;
  let index = start + 1;
  for (;;) {
    const code = text.charCodeAt(index);
    if (isAsciiLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2d) index++;
    else if (code === 0x3a && text.charCodeAt(index + 1) === 0x3a) index += 2;
    else if (code >= 0x80) return undefined;
    else return index;
  }
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function referenceAt(document: TextDocument, text: string, node: SyntaxNode, inVariableDefault: boolean): Reference | undefined {
  const root = text.slice(node.startIndex, node.endIndex);
  if (!ROOT_SET.has(root)) return undefined;
  const parts: string[] = [];
  const partRanges: Range[] = [];
  let end = node.endIndex;
  // The `.name` parts are the reference's following `get_attr` siblings. One cursor reads them by type and offset;
  // asking each node for its next sibling costs a walk from the parent per step.
  const cursor = node.parent?.walk();
  if (cursor) {
    try {
      const atReference = cursor.gotoFirstChildForIndex(node.startIndex) && cursor.startIndex === node.startIndex;
      while (atReference && cursor.gotoNextSibling()) {
        if (!cursor.nodeIsNamed) continue;
        if (cursor.nodeType !== 'get_attr') break;
        const siblingEnd = cursor.endIndex;
        const identifier = firstIdentifierBelow(cursor);
        if (!identifier) break;
        parts.push(text.slice(identifier.start, identifier.end));
        partRanges.push(spanRange(document, identifier.start, identifier.end));
        end = siblingEnd;
      }
    } finally {
      cursor.delete();
    }
  }
  return {
    root: root as ReferenceRoot,
    parts,
    partRanges,
    rootRange: spanRange(document, node.startIndex, node.endIndex),
    range: spanRange(document, node.startIndex, end),
    inVariableDefault,
  };
}

/** The offsets of the first named `identifier` child of the cursor's node; leaves the cursor on that node. */
function firstIdentifierBelow(cursor: ReturnType<SyntaxNode['walk']>): { start: number; end: number } | undefined {
  if (!cursor.gotoFirstChild()) return undefined;
  let found: { start: number; end: number } | undefined;
  do {
    if (cursor.nodeIsNamed && cursor.nodeType === 'identifier') {
      found = { start: cursor.startIndex, end: cursor.endIndex };
      break;
    }
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return found;
}
