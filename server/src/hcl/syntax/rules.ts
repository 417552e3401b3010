// The syntax rules. Each groups the hclsyntax summaries that describe one kind of mistake, so a user can switch off a
// family (say, template directives) without losing the rest. Messages are `<summary>: <detail>` in hclsyntax's words.
import { DiagnosticSeverity, defineRule } from '../../diagnostics/rules';
import type { Rule } from '../../diagnostics/rules';

const error = (code: string, description: string): Rule => defineRule({ code, severity: DiagnosticSeverity.Error, description });

export const SYNTAX_RULES = {
  invalidCharacter: error('syntax/invalid-character', 'A character HCL does not use: bare CR, form feed, non-breaking space, quotes other than ", ;, @, …'),
  unsupportedOperator: error('syntax/unsupported-operator', 'Bitwise operators and ** do not exist in HCL.'),
  multiLineString: error('syntax/invalid-multi-line-string', 'A quoted string runs over a line break; use \\n or a heredoc.'),
  invalidEscape: error('syntax/invalid-escape-sequence', 'A backslash escape other than \\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN in a quoted string.'),
  unterminatedString: error('syntax/unterminated-string', 'A quoted string, heredoc or ${…} sequence is not closed.'),
  templateDirective: error('syntax/template-directive', 'A %{if}/%{for} template directive is malformed or unbalanced.'),
  argumentOrBlockRequired: error('syntax/argument-or-block-required', 'A body item that is neither `name = value` nor a block (type, labels and { on one line).'),
  missingNewline: error('syntax/missing-newline', 'An argument or block is followed by something else on the same line.'),
  invalidBlock: error('syntax/invalid-block-definition', 'A block header is malformed: `=` in it, or `{` not on the header line.'),
  singleLineBlock: error('syntax/single-line-block', 'A block opened with an argument on its `{` line must hold only that argument and close on the same line.'),
  unclosedBlock: error('syntax/unclosed-block', 'A block has no closing brace before the end of the file.'),
  invalidExpression: error('syntax/invalid-expression', 'An expression is missing or malformed.'),
  missingSeparator: error('syntax/missing-separator', 'Items of a tuple, object or argument list lack their `,`, newline or `=` separator.'),
  unterminatedCollection: error('syntax/unterminated-collection', 'A tuple, object or function call is not closed before the end of the file.'),
  attributeRedefined: error('syntax/attribute-redefined', 'The same argument is set twice in one body.'),
  treeSitterError: error('syntax/invalid', 'The parser could not make sense of the text here (reported by tree-sitter only).'),
} as const;

export type SyntaxRuleId = keyof typeof SYNTAX_RULES;

/** Which rule reports each hclsyntax summary; summaries not listed belong to invalidExpression. */
const RULE_BY_SUMMARY: Record<string, SyntaxRuleId> = {
  'Invalid character': 'invalidCharacter',
  'Unsupported operator': 'unsupportedOperator',
  'Invalid multi-line string': 'multiLineString',
  'Invalid escape sequence': 'invalidEscape',
  'Unterminated template string': 'unterminatedString',
  'Unterminated string literal': 'unterminatedString',
  'Unclosed template interpolation sequence': 'unterminatedString',
  'Invalid string literal': 'unterminatedString',
  'Extra characters after interpolation expression': 'templateDirective',
  'Unexpected end of template': 'templateDirective',
  'Unexpected endif directive': 'templateDirective',
  'Unexpected endfor directive': 'templateDirective',
  'Unexpected else directive': 'templateDirective',
  'Invalid template directive': 'templateDirective',
  'Invalid template control keyword': 'templateDirective',
  "Invalid 'for' directive": 'templateDirective',
  'Argument or block definition required': 'argumentOrBlockRequired',
  'Invalid argument name': 'argumentOrBlockRequired',
  'Missing newline after argument': 'missingNewline',
  'Missing newline after block definition': 'missingNewline',
  'Unexpected comma after argument': 'missingNewline',
  'Invalid block definition': 'invalidBlock',
  'Invalid single-argument block definition': 'singleLineBlock',
  'Argument definition required': 'singleLineBlock',
  'Unclosed configuration block': 'unclosedBlock',
  'Unclosed configuration body': 'unclosedBlock',
  'Missing item separator': 'missingSeparator',
  'Missing attribute separator': 'missingSeparator',
  'Missing key/value separator': 'missingSeparator',
  'Missing attribute value': 'missingSeparator',
  'Missing argument separator': 'missingSeparator',
  'Unterminated tuple constructor expression': 'unterminatedCollection',
  'Unterminated object constructor expression': 'unterminatedCollection',
  'Unterminated function call': 'unterminatedCollection',
  'Attribute redefined': 'attributeRedefined',
};

export function ruleForSummary(summary: string): Rule {
  if (summary.startsWith('Extra characters in ')) return SYNTAX_RULES.templateDirective;
  return SYNTAX_RULES[RULE_BY_SUMMARY[summary] ?? 'invalidExpression'];
}

/** The summary part of a syntax diagnostic's message (`<summary>: <detail>`). */
export function syntaxSummary(message: string): string {
  const colon = message.indexOf(': ');
  return colon === -1 ? message : message.slice(0, colon);
}
