// Native `packer fmt`: hclwrite.Format as current Packer runs it (hcl >= 2.8 rules; checked against hcl 2.14.1 and
// Packer 1.6.6), byte for byte and without a Packer process. Like `packer fmt`, and unlike hclwrite on its own, it
// refuses input that does not parse.
//
//   const format = await createHclFormatter();          // loads the grammar once
//   const result = format(text);                         // or formatHcl(text, { parse: parsers.hcl })
//   if (result.kind === 'formatted' && result.changed) edits = minimalEdits(text, result.text);
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { ParseBudgetExceeded, createParsers } from '../../parsing/treeSitter';
import type { LanguageParser, SyntaxTree } from '../../parsing/treeSitter';
import { syntaxDiagnostics } from '../syntax';
import { lexHcl } from './lexer';
import type { Token } from './lexer';
import { layoutTokens } from './layout';

export { minimalEdits } from './edits';

export type FormatResult = { kind: 'formatted'; text: string; changed: boolean } | { kind: 'refused'; reason: string };

export interface FormatOptions {
  /**
   * What the syntax check runs on: a parser (such as `Parsers.hcl`; the tree it makes is freed here) or a tree the
   * caller already holds for exactly this text (left to its owner). Without one, formatHcl refuses: it cannot tell
   * valid input from input hclwrite would happily mangle.
   */
  parse?: { parse(text: string): SyntaxTree } | SyntaxTree;
  /**
   * The Packer release whose HCL decides what is a syntax error (e.g. `1.6.6` rejects `provider::ns::fn()`); undefined
   * means current Packer.
   */
  targetPackerVersion?: string;
}

/**
 * The largest text Bilder formats. Formatting costs about 1.5–3.5 s and 200 MB per MB on the server's thread (lexing,
 * the syntax check and tree-sitter's parse, whose wasm memory never shrinks back), and a format cannot be interrupted
 * halfway; past this size it is refused with a message instead of holding up the editor for a minute.
 */
export const MAX_FORMAT_CHARACTERS = 2 * 1024 * 1024;

/** Why a text of this length is not formatted, or undefined when it may be; every formatting path asks first. */
export function formatSizeRefusal(length: number): string | undefined {
  if (length <= MAX_FORMAT_CHARACTERS) return undefined;
  const megabytes = (characters: number) => `${(characters / 1024 / 1024).toFixed(1)} MB`;
  return `the file is ${megabytes(length)}, over the ${megabytes(MAX_FORMAT_CHARACTERS)} Bilder formats (formatting takes seconds per MB); format it in parts or with packer fmt in a terminal`;
}

export function formatHcl(source: string, options: FormatOptions = {}): FormatResult {
  const tooLarge = formatSizeRefusal(source.length);
  if (tooLarge) return { kind: 'refused', reason: tooLarge };
  try {
    return formatChecked(source, options);
  } catch (error) {
    // A formatter bug must cost the user a format, not the language server.
    return { kind: 'refused', reason: `internal formatter error: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function formatChecked(source: string, options: FormatOptions): FormatResult {
  const lexed = lexHcl(source);
  if (!lexed.ok) return { kind: 'refused', reason: `${where(source, lexed.offset)}: ${lexed.message}` };

  const syntaxError = firstSyntaxError(source, options);
  if (syntaxError) return { kind: 'refused', reason: syntaxError };

  const text = layoutTokens(lexed.tokens);
  return { kind: 'formatted', text, changed: text !== source };
}

/** A formatter bound to its own HCL parser, for callers that have none at hand (CLI, tests). */
export async function createHclFormatter(
  defaults: Omit<FormatOptions, 'parse'> = {},
): Promise<(source: string) => FormatResult> {
  const parsers = await createParsers();
  parsers.python.dispose();
  return (source) => formatHcl(source, { ...defaults, parse: parsers.hcl });
}

/**
 * True when both texts lex to the same tokens with the same text, so they differ in insignificant whitespace only.
 * The formatting handler checks this before applying any formatter's output.
 */
export function sameTokens(before: string, after: string): boolean {
  const a = lexHcl(before);
  const b = lexHcl(after);
  if (!a.ok || !b.ok) return false;
  const left = significant(a.tokens);
  const right = significant(b.tokens);
  if (left.length !== right.length) return false;
  return left.every((token, i) => token.type === right[i].type && token.text === right[i].text);
}

function significant(tokens: Token[]): Token[] {
  return tokens.filter((token) => token.type !== 'EOF');
}

function firstSyntaxError(source: string, { parse, targetPackerVersion }: FormatOptions): string | undefined {
  if (!parse) return 'no syntax tree to check the text against (pass options.parse, or use createHclFormatter())';
  const owned = !('rootNode' in parse);
  const tree = 'rootNode' in parse ? parse : parseWithinBudget(parse, source);
  try {
    const document = TextDocument.create('bilder-format:/input.pkr.hcl', 'packer', 0, source);
    const input = { document, tree, targetPackerVersion };
    const error = syntaxDiagnostics(input).find((d) => d.severity === DiagnosticSeverity.Error);
    if (!error) return undefined;
    return `${error.range.start.line + 1}:${error.range.start.character + 1}: ${error.message}`;
  } finally {
    if (owned) tree?.delete();
  }
}

/**
 * Alignment can pad a line with thousands of blanks, which tree-sitter parses slowly enough to exceed its budget. The
 * checking parser decides validity on its own; tree-sitter's tree is only its fallback, so go on without it.
 */
function parseWithinBudget(parser: Pick<LanguageParser, 'parse'>, source: string): SyntaxTree | undefined {
  try {
    return parser.parse(source);
  } catch (error) {
    if (error instanceof ParseBudgetExceeded) return undefined;
    throw error;
  }
}

function where(source: string, offset: number): string {
  const position = TextDocument.create('bilder-format:/input', 'packer', 0, source).positionAt(offset);
  return `${position.line + 1}:${position.character + 1}`;
}
