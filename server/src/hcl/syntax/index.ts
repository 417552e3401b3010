// Syntax diagnostics for HCL documents, in hclsyntax's words and at hclsyntax's positions, so they read like (and
// de-duplicate against) `packer validate`. Message format: `<summary>: <detail>` (see rules.ts).
//
// The checking parser (parser.ts) follows HashiCorp's grammar, including what tree-sitter-hcl accepts but hclsyntax
// rejects (newline rules, single-line blocks, object separators, invalid characters, duplicate arguments). tree-sitter's
// own ERROR/MISSING nodes are a fallback for whatever that parser does not flag (errorNodes.ts). Between keystrokes the
// check re-reads only the top-level items a change touches (incremental.ts), with the whole-file check's results.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { makeDiagnostic } from '../../diagnostics/rules';
import type { SyntaxTree } from '../../parsing/treeSitter';
import { treeSitterErrorDiagnostics } from './errorNodes';
import { checkSyntax } from './incremental';
import type { HclDiagnostic } from './parser';
import { ruleForSummary } from './rules';

export interface SyntaxInput {
  document: TextDocument;
  /** tree-sitter's tree, for its ERROR/MISSING fallback; absent when the parse ran out of its time budget. */
  tree: SyntaxTree | undefined;
  /**
   * The Packer release the template targets (e.g. `1.6.6`). Undefined means current Packer. It decides syntax that
   * changed between HCL versions: `provider::ns::fn()` parses from hcl 2.20 on and is a syntax error before.
   */
  targetPackerVersion?: string;
}

/** The first Packer release whose HCL parser (hcl ≥ 2.20) reads namespaced `provider::ns::fn()` calls. */
export const FIRST_PACKER_WITH_NAMESPACED_FUNCTIONS = [1, 11, 0] as const;

export function acceptsNamespacedFunctions(targetPackerVersion: string | undefined): boolean {
  const match = targetPackerVersion?.match(/^v?(\d+)\.(\d+)(?:\.(\d+))?/);
  if (!match) return true;
  const version = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  for (let i = 0; i < 3; i++) {
    if (version[i] !== FIRST_PACKER_WITH_NAMESPACED_FUNCTIONS[i]) return version[i] > FIRST_PACKER_WITH_NAMESPACED_FUNCTIONS[i];
  }
  return true;
}

function fileName(uri: string): string {
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export function syntaxDiagnostics(input: SyntaxInput): Diagnostic[] {
  const { document } = input;
  const name = fileName(document.uri);
  // hclsyntax prints ranges as `file:line,col-col` (or `file:line,col-line,col` across lines), 1-based.
  const describeRange = (start: number, end: number): string => {
    const from = document.positionAt(start);
    const to = document.positionAt(end);
    const tail = from.line === to.line ? `${to.character + 1}` : `${to.line + 1},${to.character + 1}`;
    return `${name}:${from.line + 1},${from.character + 1}-${tail}`;
  };
  const hclDiagnostics = checkSyntax(document.uri, document.getText(), {
    namespacedFunctions: acceptsNamespacedFunctions(input.targetPackerVersion),
    describeRange,
  });

  const diagnostics = withoutCascades(hclDiagnostics).map((d) =>
    makeDiagnostic(ruleForSummary(d.summary), { start: document.positionAt(d.start), end: document.positionAt(d.end) }, `${d.summary}: ${d.detail}`),
  );
  if (diagnostics.length === 0 && input.tree) diagnostics.push(...treeSitterErrorDiagnostics({ ...input, tree: input.tree }));
  return diagnostics;
}

/**
 * The scanner's complaint about a character is the real problem; the parser tripping over the same character
 * (`Missing newline after argument` at a bare CR, `Unterminated template string` at a quoted newline) is noise.
 */
function withoutCascades(diagnostics: readonly HclDiagnostic[]): HclDiagnostic[] {
  const lexicalStarts = new Set<number>();
  for (const d of diagnostics) if (d.lexical) lexicalStarts.add(d.start);
  // Duplicates are looked up by position, then compared field by field: building a text key from the long details
  // of every diagnostic cost more than the parse when an open quote turns the rest of the file into errors.
  const keptAt = new Map<number, HclDiagnostic[]>();
  return diagnostics.filter((d) => {
    if (!d.lexical && lexicalStarts.has(d.start)) return false;
    const kept = keptAt.get(d.start);
    if (!kept) {
      keptAt.set(d.start, [d]);
      return true;
    }
    if (kept.some((other) => other.summary === d.summary && other.detail === d.detail)) return false;
    kept.push(d);
    return true;
  });
}
