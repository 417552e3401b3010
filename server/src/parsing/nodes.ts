// Small helpers for reading the tree-sitter-hcl tree. Only object_elem has field names, so nodes are found by type.
import type { SyntaxNode, SyntaxTree } from './treeSitter';

export function childrenOfType(node: SyntaxNode, type: string): SyntaxNode[] {
  return node.namedChildren.filter((child): child is SyntaxNode => child !== null && child.type === type);
}

export function firstChildOfType(node: SyntaxNode, type: string): SyntaxNode | undefined {
  for (const child of node.namedChildren) if (child && child.type === type) return child;
  return undefined;
}

/** Visits every node without recursion, so 10,000-deep nesting cannot overflow the stack. Return false to skip children. */
export function walk(root: SyntaxNode, visit: (node: SyntaxNode) => boolean | void): void {
  const cursor = root.walk();
  try {
    let descend = visit(cursor.currentNode) !== false;
    for (;;) {
      if (descend && cursor.gotoFirstChild()) {
        descend = visit(cursor.currentNode) !== false;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || cursor.currentNode.id === root.id) return;
      }
      descend = visit(cursor.currentNode) !== false;
    }
  } finally {
    cursor.delete();
  }
}

/** The body of the file: config_file > body. Empty files have no body node. */
export function fileBody(tree: SyntaxTree): SyntaxNode | undefined {
  return firstChildOfType(tree.rootNode, 'body');
}

export function blocksOf(body: SyntaxNode | undefined): SyntaxNode[] {
  return body ? childrenOfType(body, 'block') : [];
}

export function attributesOf(body: SyntaxNode | undefined): SyntaxNode[] {
  return body ? childrenOfType(body, 'attribute') : [];
}

export function blockBody(block: SyntaxNode): SyntaxNode | undefined {
  return firstChildOfType(block, 'body');
}

export function blockType(block: SyntaxNode): string {
  return firstChildOfType(block, 'identifier')?.text ?? '';
}

/** Label nodes of a block: the string_lit / identifier children after the type identifier. */
export function blockLabelNodes(block: SyntaxNode): SyntaxNode[] {
  const labels: SyntaxNode[] = [];
  let seenType = false;
  for (const child of block.namedChildren) {
    if (!child) continue;
    if (child.type === 'block_start') break;
    if (child.type === 'identifier' && !seenType) {
      seenType = true;
      continue;
    }
    if (child.type === 'string_lit' || child.type === 'identifier') labels.push(child);
  }
  return labels;
}

export function blockLabels(block: SyntaxNode, text: string): string[] {
  return blockLabelNodes(block).map((label) => (label.type === 'string_lit' ? stringLiteralValue(label, text) : label.text));
}

export function attributeName(attribute: SyntaxNode): string {
  return firstChildOfType(attribute, 'identifier')?.text ?? '';
}

export function attributeExpression(attribute: SyntaxNode): SyntaxNode | undefined {
  return firstChildOfType(attribute, 'expression');
}

/**
 * The raw source text between the quotes of a string_lit or quoted_template. template_literal nodes drop whitespace at
 * their edges, so values are always read from the source text.
 */
export function quotedSourceText(node: SyntaxNode, text: string): string {
  const start = node.child(0);
  const end = node.child(node.childCount - 1);
  if (!start || !end || start.type !== 'quoted_template_start') return text.slice(node.startIndex, node.endIndex);
  const endIndex = end.type === 'quoted_template_end' ? end.startIndex : node.endIndex;
  return text.slice(start.endIndex, endIndex);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** The value of a string literal with HCL escapes applied ($${ and %%{ included). */
export function stringLiteralValue(node: SyntaxNode, text: string): string {
  return unescapeHclString(quotedSourceText(node, text));
}

export function unescapeHclString(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (match, escape: string | undefined) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    if (!escape) return match;
    if (escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    return SIMPLE_ESCAPES[escape] ?? match;
  });
}

/** The innermost named node covering the offset (the end offset counts, so a cursor right after a word finds it). */
export function namedNodeAt(tree: SyntaxTree, offset: number): SyntaxNode {
  return tree.rootNode.namedDescendantForIndex(Math.max(0, offset - 1), offset) ?? tree.rootNode;
}

export function ancestors(node: SyntaxNode): SyntaxNode[] {
  const result: SyntaxNode[] = [];
  for (let current = node.parent; current; current = current.parent) result.push(current);
  return result;
}
