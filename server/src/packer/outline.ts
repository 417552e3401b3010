// Document symbols and folding ranges for Packer HCL: the block structure users navigate by.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FoldingRangeKind, SymbolKind } from 'vscode-languageserver-types';
import type { DocumentSymbol, FoldingRange, Range } from 'vscode-languageserver-types';
import {
  attributeName,
  attributesOf,
  blockBody,
  blockLabelNodes,
  blockLabels,
  blockType,
  blocksOf,
  fileBody,
  walk,
} from '../parsing/nodes';
import type { SyntaxNode, SyntaxTree } from '../parsing/treeSitter';

/** Blocks nested deeper than this are left out of the outline: no real template comes close, fuzzed input does. */
const MAX_OUTLINE_DEPTH = 32;

const BLOCK_KINDS: Record<string, SymbolKind> = {
  packer: SymbolKind.Package,
  variable: SymbolKind.Variable,
  variables: SymbolKind.Namespace,
  locals: SymbolKind.Namespace,
  local: SymbolKind.Variable,
  source: SymbolKind.Class,
  data: SymbolKind.Struct,
  build: SymbolKind.Module,
  provisioner: SymbolKind.Function,
  'error-cleanup-provisioner': SymbolKind.Function,
  'post-processor': SymbolKind.Event,
  'post-processors': SymbolKind.Namespace,
  required_plugins: SymbolKind.Namespace,
  hcp_packer_registry: SymbolKind.Object,
  dynamic: SymbolKind.Array,
};

/** Blocks whose attributes are declarations users look for in the outline. */
const ATTRIBUTE_SYMBOL_BLOCKS: Record<string, SymbolKind> = {
  locals: SymbolKind.Constant,
  variables: SymbolKind.Variable,
  required_plugins: SymbolKind.Module,
};

export function documentSymbols(document: TextDocument, tree: SyntaxTree): DocumentSymbol[] {
  const text = document.getText();
  const rangeOf = (node: SyntaxNode): Range => ({
    start: document.positionAt(node.startIndex),
    end: document.positionAt(node.endIndex),
  });

  const symbolsOfBody = (body: SyntaxNode | undefined, parentType: string | undefined, depth: number): DocumentSymbol[] => {
    if (depth > MAX_OUTLINE_DEPTH) return [];
    const symbols: DocumentSymbol[] = [];
    const attributeKind = parentType ? ATTRIBUTE_SYMBOL_BLOCKS[parentType] : undefined;
    if (attributeKind !== undefined) {
      for (const attribute of attributesOf(body)) {
        const nameNode = attribute.namedChildren[0];
        if (!nameNode) continue;
        symbols.push({ name: attributeName(attribute), kind: attributeKind, range: rangeOf(attribute), selectionRange: rangeOf(nameNode) });
      }
    }
    for (const block of blocksOf(body)) {
      const type = blockType(block);
      const labels = blockLabels(block, text);
      const typeNode = block.namedChildren[0] ?? block;
      const labelNodes = blockLabelNodes(block);
      const selection = labelNodes.length > 0 ? labelNodes[labelNodes.length - 1]! : typeNode;
      symbols.push({
        name: [type, ...labels.map((label) => JSON.stringify(label))].join(' '),
        kind: BLOCK_KINDS[type] ?? SymbolKind.Object,
        range: rangeOf(block),
        selectionRange: rangeOf(selection),
        children: symbolsOfBody(blockBody(block), type, depth + 1),
      });
    }
    return symbols.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  };

  return symbolsOfBody(fileBody(tree), undefined, 0);
}

const FOLDABLE: Record<string, FoldingRangeKind | undefined> = {
  block: undefined,
  object: undefined,
  tuple: undefined,
  heredoc_template: undefined,
  function_call: undefined,
  for_tuple_expr: undefined,
  for_object_expr: undefined,
  comment: FoldingRangeKind.Comment,
};

/** VS Code shows at most 5,000 folding regions (editor.foldingMaximumRegions); computing more only costs time. */
export const MAX_FOLDING_RANGES = 5000;

export function foldingRanges(document: TextDocument, tree: SyntaxTree): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  let commentRun: { start: number; end: number } | undefined;
  const flushComments = () => {
    if (commentRun && commentRun.end > commentRun.start) {
      ranges.push({ startLine: commentRun.start, endLine: commentRun.end, kind: FoldingRangeKind.Comment });
    }
    commentRun = undefined;
  };
  walk(tree.rootNode, (node) => {
    if (ranges.length >= MAX_FOLDING_RANGES) return false;
    if (!(node.type in FOLDABLE)) return true;
    const startLine = document.positionAt(node.startIndex).line;
    // The closing line stays visible, as VS Code does for brace languages.
    const endLine = document.positionAt(node.endIndex).line;
    if (node.type === 'comment') {
      // `#`/`//` comments fold as a run of consecutive lines; a /* */ comment folds on its own.
      if (endLine > startLine) {
        flushComments();
        ranges.push({ startLine, endLine, kind: FoldingRangeKind.Comment });
      } else if (commentRun && commentRun.end + 1 === startLine) {
        commentRun.end = startLine;
      } else {
        flushComments();
        commentRun = { start: startLine, end: startLine };
      }
      return false;
    }
    flushComments();
    const lastFoldedLine = node.type === 'heredoc_template' ? endLine : endLine - 1;
    if (lastFoldedLine > startLine) ranges.push({ startLine, endLine: lastFoldedLine, kind: FOLDABLE[node.type] });
    // A heredoc folds as one piece; walking its (possibly deeply nested) template directives finds nothing to fold.
    return node.type !== 'heredoc_template';
  });
  flushComments();
  return ranges.slice(0, MAX_FOLDING_RANGES);
}
