// Local files a deploy uploads: `src="files/…"` relative to the deploy directory (pyinfra runs with `--chdir` there),
// and paths built from `__file__` (`Path(__file__).parent / "files" / "x"`, `.joinpath(…)`, `os.path.join(…)`),
// following module-level names such as `FILES_DIRECTORY = Path(__file__).parent.joinpath("files")`.
import * as path from 'node:path';
import { walk } from '../parsing/nodes';
import type { SyntaxNode, SyntaxTree } from '../parsing/treeSitter';
import { callSite, moduleAssignments, pythonStringValue } from './pythonSyntax';

/** Bounded on purpose: path expressions are short, and hostile input must not recurse deeply. */
const MAX_PATH_DEPTH = 24;

export interface LocalPath {
  /** Absolute path on disk. */
  target: string;
  /** The string literal whose text completes the path (where links and diagnostics go). */
  literal: SyntaxNode;
}

/** Operations whose `src` is a local file or folder, resolved against the deploy directory when relative. */
const LOCAL_SOURCE_OPERATIONS = new Set(['files.put', 'files.template', 'files.sync', 'server.script']);

interface Evaluated {
  path: string;
  literal?: SyntaxNode;
}

export class PathEvaluator {
  private readonly assignments: Map<string, SyntaxNode>;

  constructor(
    tree: SyntaxTree,
    private readonly text: string,
    private readonly filePath: string,
  ) {
    this.assignments = moduleAssignments(tree);
  }

  /** The filesystem path an expression denotes when it is rooted at `__file__`, else undefined. */
  evaluate(node: SyntaxNode, depth = 0): Evaluated | undefined {
    if (depth > MAX_PATH_DEPTH) return undefined;
    switch (node.type) {
      case 'identifier':
        if (node.text === '__file__') return { path: this.filePath };
        {
          const assigned = this.assignments.get(node.text);
          return assigned ? this.evaluate(assigned, depth + 1) : undefined;
        }
      case 'parenthesized_expression': {
        const inner = node.namedChild(0);
        return inner ? this.evaluate(inner, depth + 1) : undefined;
      }
      case 'attribute': {
        const object = node.childForFieldName('object');
        const attribute = node.childForFieldName('attribute')?.text;
        if (!object || attribute !== 'parent') return undefined;
        const base = this.evaluate(object, depth + 1);
        return base && { path: path.dirname(base.path) };
      }
      case 'binary_operator': {
        const operator = node.childForFieldName('operator')?.text;
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (operator !== '/' || !left || !right) return undefined;
        const base = this.evaluate(left, depth + 1);
        const segment = pythonStringValue(right, this.text);
        return base && segment !== undefined ? { path: path.join(base.path, segment), literal: right } : undefined;
      }
      case 'call':
        return this.evaluateCall(node, depth);
      default:
        return undefined;
    }
  }

  private evaluateCall(node: SyntaxNode, depth: number): Evaluated | undefined {
    const callee = node.childForFieldName('function');
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((child): child is SyntaxNode => !!child && child.type !== 'comment');
    if (!callee) return undefined;
    const name = callee.text.replace(/\s+/g, '');
    if ((name === 'Path' || name === 'pathlib.Path' || name === 'str' || name === 'os.path.abspath' || name === 'os.path.realpath') && args.length === 1) {
      return this.evaluate(args[0]!, depth + 1);
    }
    if (name === 'os.path.dirname' && args.length === 1) {
      const base = this.evaluate(args[0]!, depth + 1);
      return base && { path: path.dirname(base.path) };
    }
    if (name === 'os.path.join' && args.length >= 1) return this.join(this.evaluate(args[0]!, depth + 1), args.slice(1));
    if (callee.type === 'attribute') {
      const method = callee.childForFieldName('attribute')?.text;
      const object = callee.childForFieldName('object');
      if (!object) return undefined;
      if (method === 'joinpath') return this.join(this.evaluate(object, depth + 1), args);
      if ((method === 'resolve' || method === 'absolute') && args.length === 0) return this.evaluate(object, depth + 1);
    }
    return undefined;
  }

  private join(base: Evaluated | undefined, segments: SyntaxNode[]): Evaluated | undefined {
    if (!base) return undefined;
    let current = base.path;
    let literal: SyntaxNode | undefined;
    for (const segment of segments) {
      const value = pythonStringValue(segment, this.text);
      if (value === undefined) return undefined;
      current = path.join(current, value);
      literal = segment;
    }
    return { path: current, literal: literal ?? base.literal };
  }

  /** The directory a string literal is being appended to (for completion inside `… / "fi|"` or `.joinpath("fi|")`). */
  baseForSegment(literal: SyntaxNode): string | undefined {
    const parent = literal.parent;
    if (!parent) return undefined;
    if (parent.type === 'binary_operator' && parent.childForFieldName('right')?.id === literal.id) {
      const left = parent.childForFieldName('left');
      return left ? this.evaluate(left)?.path : undefined;
    }
    if (parent.type === 'argument_list') {
      const call = parent.parent;
      const callee = call?.childForFieldName('function');
      if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'joinpath') return undefined;
      const object = callee.childForFieldName('object');
      const before = parent.namedChildren.filter((child): child is SyntaxNode => !!child && child.endIndex <= literal.startIndex && child.type !== 'comment');
      return object ? this.join(this.evaluate(object), before)?.path : undefined;
    }
    return undefined;
  }
}

function isRelativeLocalPath(value: string): boolean {
  return value.length > 0 && !path.isAbsolute(value) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !value.includes('{');
}

/** The deploy directory when the string is the `src` of an operation that reads a local file (files.put, …). */
export function operationSourceDirectory(literal: SyntaxNode, deployDirectory: string, operationOf: (object: string, method: string) => string | undefined): string | undefined {
  const keyword = literal.parent;
  if (keyword?.type !== 'keyword_argument' || keyword.childForFieldName('name')?.text !== 'src') return undefined;
  const call = keyword.parent?.parent;
  if (call?.type !== 'call') return undefined;
  const site = callSite(call);
  const operation = site.object && site.method ? operationOf(site.object, site.method) : undefined;
  return operation && LOCAL_SOURCE_OPERATIONS.has(operation) ? deployDirectory : undefined;
}

/**
 * Every local file path of the module: `__file__`-rooted expressions (outermost only) and, in deploy files, relative
 * `src=` strings of operations that upload local files.
 */
export function localPaths(
  tree: SyntaxTree,
  text: string,
  filePath: string,
  options: { deployDirectory?: string; operationOf: (object: string, method: string) => string | undefined },
): LocalPath[] {
  const evaluator = new PathEvaluator(tree, text, filePath);
  const result: LocalPath[] = [];
  walk(tree.rootNode, (node) => {
    if (node.type === 'call' || node.type === 'binary_operator') {
      const evaluated = evaluator.evaluate(node);
      if (evaluated?.literal) {
        result.push({ target: evaluated.path, literal: evaluated.literal });
        return false;
      }
    }
    if (node.type === 'keyword_argument' && options.deployDirectory && node.childForFieldName('name')?.text === 'src') {
      const value = node.childForFieldName('value');
      const call = node.parent?.parent;
      const literalValue = value && pythonStringValue(value, text);
      if (value && call?.type === 'call' && typeof literalValue === 'string' && isRelativeLocalPath(literalValue)) {
        const site = callSite(call);
        const operation = site.object && site.method ? options.operationOf(site.object, site.method) : undefined;
        if (operation && LOCAL_SOURCE_OPERATIONS.has(operation)) result.push({ target: path.join(options.deployDirectory, literalValue), literal: value });
      }
    }
    return true;
  });
  return result;
}

