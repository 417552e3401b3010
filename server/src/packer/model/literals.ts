// What a literal expression is (string, number, tuple of strings…), read one level deep: enough to check a variable's
// default against its type without evaluating anything.
import { stringLiteralValue } from '../../parsing/nodes';
import type { SyntaxNode } from '../../parsing/treeSitter';
import type { LiteralKind, LiteralSummary } from './types';

/** What kind of literal an expression is, looking one level into tuples and objects. */
export function literalSummary(expression: SyntaxNode, text: string): LiteralSummary | undefined {
  const inner = expression.type === 'expression' ? expression.namedChildren[0] : expression;
  if (!inner) return undefined;
  if (inner.type === 'literal_value') {
    const literal = inner.namedChildren[0];
    switch (literal?.type) {
      case 'string_lit':
        return { kind: 'string', value: stringLiteralValue(literal, text) };
      case 'numeric_lit':
        return { kind: 'number', value: literal.text };
      case 'bool_lit':
        return { kind: 'bool', value: literal.text };
      case 'null_lit':
        return { kind: 'null', value: 'null' };
      default:
        return undefined;
    }
  }
  if (inner.type === 'template_expr') {
    return { kind: 'string' };
  }
  if (inner.type === 'collection_value') {
    const collection = inner.namedChildren[0];
    if (collection?.type === 'tuple') {
      const elements = collection.namedChildren
        .filter((child): child is SyntaxNode => child?.type === 'expression')
        .map((child) => shallowKind(child));
      return { kind: 'tuple', value: collection.text, elements };
    }
    if (collection?.type === 'object') {
      const elements = collection.namedChildren
        .filter((child): child is SyntaxNode => child?.type === 'object_elem')
        .map((child) => {
          const value = child.childForFieldName('val');
          return value ? shallowKind(value) : undefined;
        });
      return { kind: 'object', value: collection.text, elements };
    }
  }
  return undefined;
}

function shallowKind(expression: SyntaxNode): LiteralKind | undefined {
  const inner = expression.namedChildren[0];
  if (!inner) return undefined;
  if (inner.type === 'literal_value') {
    const kind = inner.namedChildren[0]?.type;
    if (kind === 'string_lit') return 'string';
    if (kind === 'numeric_lit') return 'number';
    if (kind === 'bool_lit') return 'bool';
    if (kind === 'null_lit') return 'null';
    return undefined;
  }
  if (inner.type === 'template_expr') return 'string';
  if (inner.type === 'collection_value') {
    const collection = inner.namedChildren[0]?.type;
    if (collection === 'tuple') return 'tuple';
    if (collection === 'object') return 'object';
  }
  return undefined;
}
