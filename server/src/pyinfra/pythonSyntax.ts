// Reading tree-sitter-python trees: string values, imports, calls and module-level names. Unlike tree-sitter-hcl, the
// Python grammar has field names, so nodes are addressed by field.
import { walk } from '../parsing/nodes';
import type { SyntaxNode, SyntaxTree } from '../parsing/treeSitter';

/** The value of a plain string literal (no f-string interpolation), or undefined for anything else. */
export function pythonStringValue(node: SyntaxNode, text: string): string | undefined {
  if (node.type !== 'string') return undefined;
  const start = node.firstChild;
  const end = node.lastChild;
  if (!start || start.type !== 'string_start') return undefined;
  if (node.namedChildren.some((child) => child?.type === 'interpolation')) return undefined;
  const endIndex = end && end.type === 'string_end' ? end.startIndex : node.endIndex;
  const raw = text.slice(start.endIndex, endIndex);
  if (/[rR]/.test(start.text)) return raw;
  return raw.replace(/\\(["'\\nt])/g, (_match, escape: string) => (escape === 'n' ? '\n' : escape === 't' ? '\t' : escape));
}

/** Offsets of the text between the quotes of a string node. */
export function stringContentSpan(node: SyntaxNode): { start: number; end: number } {
  const start = node.firstChild;
  const end = node.lastChild;
  return {
    start: start?.type === 'string_start' ? start.endIndex : node.startIndex,
    end: end?.type === 'string_end' ? end.startIndex : node.endIndex,
  };
}

export interface ImportedModule {
  /** The dotted module path as written, e.g. `bilder.components.hashicorp.consul.steps`. */
  module: string;
  /** The dotted_name node, whose identifier children are the module path's parts. */
  moduleNode: SyntaxNode;
  /** For `from M import a, b as c`: the imported names (a, b) and their nodes. */
  names: { name: string; node: SyntaxNode; alias?: string }[];
  statement: SyntaxNode;
}

export function importsOf(tree: SyntaxTree): ImportedModule[] {
  const result: ImportedModule[] = [];
  walk(tree.rootNode, (node) => {
    if (node.type === 'import_from_statement') {
      const moduleNode = node.childForFieldName('module_name');
      if (!moduleNode || moduleNode.type !== 'dotted_name') return false;
      const names: ImportedModule['names'] = [];
      for (const child of node.childrenForFieldName('name')) {
        if (!child) continue;
        if (child.type === 'dotted_name') names.push({ name: child.text, node: child });
        else if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name');
          if (name) names.push({ name: name.text, node: name, alias: child.childForFieldName('alias')?.text });
        }
      }
      result.push({ module: moduleNode.text, moduleNode, names, statement: node });
      return false;
    }
    if (node.type === 'import_statement') {
      for (const child of node.childrenForFieldName('name')) {
        const dotted = child?.type === 'aliased_import' ? child.childForFieldName('name') : child;
        if (dotted?.type === 'dotted_name') result.push({ module: dotted.text, moduleNode: dotted, names: [], statement: node });
      }
      return false;
    }
    // Imports live at statement level; expressions never contain them.
    return !node.type.endsWith('expression') && node.type !== 'call';
  });
  return result;
}

export interface CallSite {
  node: SyntaxNode;
  /** `apt.packages` for an attribute call on a plain name, else undefined. */
  object?: string;
  method?: string;
  functionNode: SyntaxNode;
  argumentList: SyntaxNode | undefined;
}

export function callSite(call: SyntaxNode): CallSite {
  const functionNode = call.childForFieldName('function')!;
  const argumentList = call.childForFieldName('arguments') ?? undefined;
  if (functionNode.type === 'attribute') {
    const object = functionNode.childForFieldName('object');
    const attribute = functionNode.childForFieldName('attribute');
    if (object?.type === 'identifier' && attribute) return { node: call, object: object.text, method: attribute.text, functionNode, argumentList };
  }
  return { node: call, functionNode, argumentList };
}

export function callsOf(tree: SyntaxTree): CallSite[] {
  const calls: CallSite[] = [];
  walk(tree.rootNode, (node) => {
    if (node.type === 'call' && node.childForFieldName('function')) calls.push(callSite(node));
  });
  return calls;
}

export function keywordArgument(argumentList: SyntaxNode | undefined, name: string): SyntaxNode | undefined {
  if (!argumentList) return undefined;
  for (const child of argumentList.namedChildren) {
    if (child?.type === 'keyword_argument' && child.childForFieldName('name')?.text === name) return child.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/** Module-level `NAME = expression` assignments, last one wins (as at import time for straight-line code). */
export function moduleAssignments(tree: SyntaxTree): Map<string, SyntaxNode> {
  const assignments = new Map<string, SyntaxNode>();
  for (const statement of tree.rootNode.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChild(0) : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type === 'identifier' && right) assignments.set(left.text, right);
  }
  return assignments;
}

export interface TopLevelSymbol {
  name: string;
  kind: 'function' | 'class' | 'variable' | 'import';
  /** `def name(params) -> ret` / `class Name(bases)` as written. */
  signature?: string;
  docstring?: string;
  /** Offsets of the name in the file. */
  start: number;
  end: number;
}

/** The names a module binds at top level: what `from module import name` may import. */
export function topLevelSymbols(tree: SyntaxTree, text: string): TopLevelSymbol[] {
  const symbols: TopLevelSymbol[] = [];
  for (const statement of tree.rootNode.namedChildren) {
    if (!statement) continue;
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition && (definition.type === 'function_definition' || definition.type === 'class_definition')) {
      const name = definition.childForFieldName('name');
      const body = definition.childForFieldName('body');
      if (!name) continue;
      const headerEnd = body ? body.startIndex : definition.endIndex;
      const signature = text.slice(definition.startIndex, headerEnd).replace(/:\s*$/, '').replace(/\s+/g, ' ').trim();
      symbols.push({
        name: name.text,
        kind: definition.type === 'function_definition' ? 'function' : 'class',
        signature,
        docstring: body ? docstringOf(body, text) : undefined,
        start: name.startIndex,
        end: name.endIndex,
      });
      continue;
    }
    if (statement.type === 'expression_statement') {
      const assignment = statement.namedChild(0);
      const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
      if (left?.type === 'identifier') symbols.push({ name: left.text, kind: 'variable', start: left.startIndex, end: left.endIndex });
      continue;
    }
    if (statement.type === 'import_from_statement' || statement.type === 'import_statement') {
      for (const child of statement.childrenForFieldName('name')) {
        if (!child) continue;
        const bound = child.type === 'aliased_import' ? child.childForFieldName('alias') : child.type === 'dotted_name' ? child.namedChild(0) : undefined;
        if (bound) symbols.push({ name: bound.text, kind: 'import', start: bound.startIndex, end: bound.endIndex });
      }
    }
  }
  return symbols;
}

/** The docstring of a module (tree root) or a def/class body: its first statement when that is a plain string. */
export function docstringOf(body: SyntaxNode, text: string): string | undefined {
  const first = body.namedChildren.find((child) => child && child.type !== 'comment');
  const expression = first?.type === 'expression_statement' ? first.namedChild(0) : undefined;
  if (!expression || expression.type !== 'string') return undefined;
  const value = pythonStringValue(expression, text);
  return value === undefined ? undefined : dedent(value).trim();
}

function dedent(value: string): string {
  const lines = value.split('\n');
  const indents = lines.slice(1).filter((line) => line.trim()).map((line) => line.match(/^ */)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return [lines[0]!.trim(), ...lines.slice(1).map((line) => line.slice(common))].join('\n');
}

/** The innermost node of any kind covering the offset (a cursor right after a token still finds it). */
export function nodeAt(tree: SyntaxTree, offset: number): SyntaxNode {
  return tree.rootNode.descendantForIndex(Math.max(0, offset - 1), offset) ?? tree.rootNode;
}

export function enclosing(node: SyntaxNode, type: string, limit = 64): SyntaxNode | undefined {
  let current: SyntaxNode | null = node;
  for (let steps = 0; current && steps < limit; steps++, current = current.parent) if (current.type === type) return current;
  return undefined;
}
