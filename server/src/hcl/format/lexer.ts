// The formatter's view of hclsyntax's token stream: hclwrite.Format, which `packer fmt` runs, decides every space from
// that stream and nothing else. The tokens come from the one hclsyntax scanner (hcl/syntax/scanner.ts) that the
// checking parser uses too; this file names them as hclwrite does, adds the whitespace skipped before each token, gives
// each heredoc line its own literal (as hclsyntax does) and turns what hclsyntax rejects into one clear error.

export type TokenType =
  | 'Newline'
  | 'Ident'
  | 'NumberLit'
  | 'OQuote'
  | 'CQuote'
  | 'QuotedLit'
  | 'StringLit'
  | 'OHeredoc'
  | 'CHeredoc'
  | 'TemplateInterp'
  | 'TemplateControl'
  | 'TemplateSeqEnd'
  | 'Comment'
  | 'OBrace'
  | 'CBrace'
  | 'OBrack'
  | 'CBrack'
  | 'OParen'
  | 'CParen'
  | 'Comma'
  | 'Dot'
  | 'Ellipsis'
  | 'Equal'
  | 'FatArrow'
  | 'Colon'
  | 'DoubleColon'
  | 'Question'
  | 'Plus'
  | 'Minus'
  | 'Star'
  | 'Slash'
  | 'Percent'
  | 'Bang'
  | 'And'
  | 'Or'
  | 'EqualOp'
  | 'NotEqual'
  | 'LessThan'
  | 'LessThanEq'
  | 'GreaterThan'
  | 'GreaterThanEq'
  | 'EOF';

export interface Token {
  type: TokenType;
  text: string;
  /** UTF-16 offsets into the source. */
  start: number;
  end: number;
  /**
   * Bytes of skipped whitespace before the token, as hclwrite counts them (it subtracts byte offsets). The formatter
   * rewrites this for every token except EOF, whose value keeps trailing blanks (and a lone BOM) as spaces.
   */
  spacesBefore: number;
}

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; message: string; offset: number };

import { scanTokens } from '../syntax/scanner';
import type { TokenType as ScannedType } from '../syntax/scanner';

/** The scanner's names for the tokens the formatter lays out. */
const FORMATTER_NAMES: Partial<Record<ScannedType, TokenType>> = {
  Newline: 'Newline',
  Comment: 'Comment',
  Ident: 'Ident',
  Number: 'NumberLit',
  OQuote: 'OQuote',
  CQuote: 'CQuote',
  OHeredoc: 'OHeredoc',
  CHeredoc: 'CHeredoc',
  QuotedLit: 'QuotedLit',
  StringLit: 'StringLit',
  TemplateInterp: 'TemplateInterp',
  TemplateControl: 'TemplateControl',
  TemplateSeqEnd: 'TemplateSeqEnd',
  EOF: 'EOF',
  '{': 'OBrace',
  '}': 'CBrace',
  '[': 'OBrack',
  ']': 'CBrack',
  '(': 'OParen',
  ')': 'CParen',
  '=': 'Equal',
  '==': 'EqualOp',
  '!=': 'NotEqual',
  '<': 'LessThan',
  '>': 'GreaterThan',
  '<=': 'LessThanEq',
  '>=': 'GreaterThanEq',
  '&&': 'And',
  '||': 'Or',
  '!': 'Bang',
  '+': 'Plus',
  '-': 'Minus',
  '*': 'Star',
  '/': 'Slash',
  '%': 'Percent',
  '?': 'Question',
  ':': 'Colon',
  '::': 'DoubleColon',
  '.': 'Dot',
  '...': 'Ellipsis',
  ',': 'Comma',
  '=>': 'FatArrow',
};

/** UTF-8 bytes of source[from, to): hclwrite counts skipped whitespace in bytes. Read in place, without a copy. */
function utf8Bytes(source: string, from: number, to: number): number {
  let bytes = to - from;
  for (let i = from; i < to; i++) {
    const code = source.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair: two UTF-16 units, four bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** What hclsyntax says of a character it does not use. */
function invalidCharacter(source: string, offset: number): string {
  if (source[offset] === '\r') return 'Invalid character: a carriage return must be followed by a newline';
  const codePoint = source.codePointAt(offset) ?? 0;
  const shown = codePoint < 0x20 || codePoint === 0x7f || codePoint > 0x7e ? `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}` : `"${source[offset]}"`;
  return `Invalid character ${shown}`;
}

export function lexHcl(source: string): LexResult {
  const tokens: Token[] = [];
  let lastEnd = 0;
  const open: ('string' | 'heredoc' | 'template sequence')[] = [];
  const push = (type: TokenType, start: number, end: number): void => {
    tokens.push({ type, text: source.slice(start, end), start, end, spacesBefore: lastEnd === start ? 0 : utf8Bytes(source, lastEnd, start) });
    lastEnd = end;
  };
  for (const token of scanTokens(source, { doubleColon: true })) {
    const { start, end } = token;
    if (token.type === 'QuotedNewline') {
      // A backslash escaping the line break (an odd run of them; two are one escaped backslash) is where the string broke.
      let backslashes = 0;
      while (source[start - 1 - backslashes] === '\\') backslashes++;
      const at = backslashes % 2 === 1 ? start - 1 : start;
      return { ok: false, message: 'Unterminated string: a quoted string cannot span lines', offset: at };
    }
    // `**` is no HCL operator; the checking parser reports it, and the formatter reads it as hclsyntax does: two stars.
    if (token.type === 'StarStar') {
      push('Star', start, start + 1);
      push('Star', start + 1, end);
      continue;
    }
    const type = FORMATTER_NAMES[token.type];
    if (!type) return { ok: false, message: invalidCharacter(source, start), offset: start };
    if (type === 'Comment' && source.startsWith('/*', start) && (end - start < 4 || !source.startsWith('*/', end - 2))) {
      return { ok: false, message: 'Unterminated block comment', offset: start };
    }
    if (type === 'OQuote') open.push('string');
    else if (type === 'OHeredoc') open.push('heredoc');
    else if (type === 'TemplateInterp' || type === 'TemplateControl') open.push('template sequence');
    else if (type === 'CQuote' || type === 'CHeredoc' || type === 'TemplateSeqEnd') open.pop();
    if (type === 'EOF' && open.length > 0) return { ok: false, message: `Unterminated ${open[open.length - 1]}`, offset: source.length };
    if (type !== 'StringLit') {
      push(type, start, end);
      continue;
    }
    // The scanner joins a heredoc's lines into one literal; hclsyntax gives each line its own token.
    let from = start;
    for (let newline = source.indexOf('\n', from); newline !== -1 && newline < end; newline = source.indexOf('\n', from)) {
      push('StringLit', from, newline + 1);
      from = newline + 1;
    }
    if (from < end) push('StringLit', from, end);
  }
  return { ok: true, tokens };
}
