// A tokenizer that splits HCL native syntax the way hclsyntax's scanner does. tree-sitter-hcl treats newlines as
// whitespace and accepts characters HashiCorp rejects, so the newline-sensitive checks need HashiCorp's own tokens.
// The scanner is a single loop over the text with an explicit mode stack: no recursion, linear in the input.

export type TokenType =
  | 'Newline'
  | 'Comment'
  | 'Ident'
  | 'Number'
  | 'OQuote'
  | 'CQuote'
  | 'OHeredoc'
  | 'CHeredoc'
  | 'QuotedLit'
  | 'StringLit'
  | 'QuotedNewline'
  | 'TemplateInterp'
  | 'TemplateControl'
  | 'TemplateSeqEnd'
  | 'Invalid'
  | 'Apostrophe'
  | 'Backtick'
  | 'Semicolon'
  | 'Bitwise'
  | 'StarStar'
  | 'EOF'
  | '{' | '}' | '[' | ']' | '(' | ')'
  | '=' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '&&' | '||' | '!'
  | '+' | '-' | '*' | '/' | '%' | '?' | ':' | '::' | '.' | '...' | ',' | '=>';

export interface Token {
  type: TokenType;
  /** UTF-16 offsets into the document text, end exclusive. */
  start: number;
  end: number;
}

export interface ScanOptions {
  /** hcl ≥ 2.20 scans `::` as one token, which makes `provider::ns::fn()` a namespaced function call. */
  doubleColon: boolean;
  /** Where to start: 0, or a top-level boundary (see onBoundary) found by an earlier scan of the same text up to there. */
  from?: number;
  /**
   * Called at each top-level boundary: the offset right after a newline (or a line comment, which owns its newline)
   * where the scanner is outside any string, heredoc, template, brace, bracket and parenthesis, i.e. between two
   * top-level body items. Returning true ends the scan there, with the EOF token at that offset.
   */
  onBoundary?: (offset: number) => boolean;
}

type Mode =
  | { kind: 'main'; braces: number; closesSequence: boolean }
  | { kind: 'quoted' }
  | { kind: 'heredoc'; closer: RegExp; atLineStart: boolean };

const IDENT_START = /[\p{ID_Start}_]/u;
const IDENT = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
const HEREDOC_OPEN = /<<(-?)([\p{ID_Start}_][\p{ID_Continue}-]*)\r?\n/uy;

/** Character codes below 128 that a table marks; codes from 128 up are never marked. */
function asciiTable(characters: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const character of characters) table[character.charCodeAt(0)] = 1;
  return table;
}
/** Codes that end a run of plain literal text, by mode; every other code continues it. */
const QUOTED_SPECIAL = asciiTable('"\n\r$%\\');
const HEREDOC_SPECIAL = asciiTable('\n$%');
const ASCII_IDENT_START = asciiTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_');
const ASCII_IDENT_CONTINUE = asciiTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789-');

/** One-character tokens that never start a longer one. */
const SINGLE: Partial<Record<string, TokenType>> = {
  '+': '+', '-': '-', '/': '/', '%': '%', '?': '?', ',': ',', '(': '(', ')': ')', '[': '[', ']': ']',
  '^': 'Bitwise', '~': 'Bitwise', "'": 'Apostrophe', '`': 'Backtick', ';': 'Semicolon',
};
const SINGLE_BY_CODE: (TokenType | undefined)[] = Array.from({ length: 128 }, (_, code) => SINGLE[String.fromCharCode(code)]);

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** `[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?` from a digit at `start`; returns where the number ends. */
function numberEnd(text: string, start: number): number {
  let end = start + 1;
  while (isDigit(text.charCodeAt(end))) end++;
  if (text.charCodeAt(end) === 46 && isDigit(text.charCodeAt(end + 1))) {
    end += 2;
    while (isDigit(text.charCodeAt(end))) end++;
  }
  const e = text.charCodeAt(end);
  if (e === 101 || e === 69) {
    const sign = text.charCodeAt(end + 1);
    const digits = sign === 43 || sign === 45 ? end + 2 : end + 1;
    if (isDigit(text.charCodeAt(digits))) {
      end = digits + 1;
      while (isDigit(text.charCodeAt(end))) end++;
    }
  }
  return end;
}

/** The end of a run of literal text from `from`: the first character the mode's table marks special, or the text's end. */
function literalRunEnd(text: string, from: number, special: Uint8Array): number {
  let end = from;
  for (let next = text.charCodeAt(end); end < text.length && !(next < 128 && special[next]); next = text.charCodeAt(++end));
  return end;
}

function matchAt(pattern: RegExp, text: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function scanTokens(text: string, options: ScanOptions): Token[] {
  const tokens: Token[] = [];
  const root: Mode & { kind: 'main' } = { kind: 'main', braces: 0, closesSequence: false };
  const modes: Mode[] = [root];
  /** Brackets and parentheses open at top level; only a boundary needs them, the scanner itself does not. */
  let groups = 0;
  const { onBoundary } = options;
  const push = (type: TokenType, start: number, end: number): void => {
    tokens.push({ type, start, end });
  };
  /** Literal text is gathered into one token per run, as hclsyntax does. */
  const pushLiteral = (type: 'QuotedLit' | 'StringLit', start: number, end: number): void => {
    const last = tokens[tokens.length - 1];
    if (last && last.type === type && last.end === start) last.end = end;
    else push(type, start, end);
  };
  /**
   * In a quoted string or heredoc: `$${` / `%%{` (escaped, literal text) or `${` / `%{` (a template sequence, scanned
   * in main mode until its closing brace) at `at`. Returns where the scan goes on, or -1 when there is neither.
   */
  const templateSequence = (literal: 'QuotedLit' | 'StringLit', at: number, code: number): number => {
    if (code !== 36 && code !== 37) return -1;
    const second = text.charCodeAt(at + 1);
    if (second === code && text.charCodeAt(at + 2) === 123) {
      pushLiteral(literal, at, at + 3);
      return at + 3;
    }
    if (second !== 123) return -1;
    const end = text.charCodeAt(at + 2) === 126 ? at + 3 : at + 2;
    push(code === 36 ? 'TemplateInterp' : 'TemplateControl', at, end);
    modes.push({ kind: 'main', braces: 0, closesSequence: true });
    return end;
  };
  let sequenceEnd: number;
  const atBoundary = (offset: number): boolean =>
    onBoundary !== undefined && modes.length === 1 && root.braces === 0 && groups === 0 && onBoundary(offset);

  // A byte order mark is allowed only as the very first character.
  let i = options.from ?? 0;
  if (i === 0 && text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < text.length) {
    const mode = modes[modes.length - 1];
    const code = text.charCodeAt(i);
    if (mode.kind === 'quoted') {
      if (code === 34) {
        push('CQuote', i, i + 1);
        modes.pop();
        i++;
      } else if (code === 10 || code === 13) {
        // A carriage return alone breaks the string too: Packer says "Invalid multi-line string" for it.
        const end = code === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
        push('QuotedNewline', i, end);
        i = end;
      } else if ((sequenceEnd = templateSequence('QuotedLit', i, code)) !== -1) {
        i = sequenceEnd;
      } else if (code === 92 && i + 1 < text.length && text.charCodeAt(i + 1) !== 10 && text.charCodeAt(i + 1) !== 13) {
        const width = text.codePointAt(i + 1)! > 0xffff ? 3 : 2;
        pushLiteral('QuotedLit', i, i + width);
        i += width;
      } else {
        // A run of characters none of the cases above looks at becomes (part of) one literal token in one step.
        const end = literalRunEnd(text, i + 1, QUOTED_SPECIAL);
        pushLiteral('QuotedLit', i, end);
        i = end;
      }
      continue;
    }
    if (mode.kind === 'heredoc') {
      if (mode.atLineStart) {
        const close = matchAt(mode.closer, text, i);
        if (close) {
          push('CHeredoc', i, i + close[0].length);
          modes.pop();
          i += close[0].length;
          continue;
        }
        mode.atLineStart = false;
      }
      if ((sequenceEnd = templateSequence('StringLit', i, code)) !== -1) {
        i = sequenceEnd;
      } else if (code === 10) {
        pushLiteral('StringLit', i, i + 1);
        mode.atLineStart = true;
        i++;
      } else {
        const end = literalRunEnd(text, i + 1, HEREDOC_SPECIAL);
        pushLiteral('StringLit', i, end);
        i = end;
      }
      continue;
    }

    // Main mode, dispatched on the character code (the order of the cases matters only where they share a code).
    const next = text.charCodeAt(i + 1);
    if (code < 128 && ASCII_IDENT_START[code]) {
      // ASCII identifiers (nearly all of them) without the Unicode regex; a non-ASCII character after the run hands
      // the whole identifier to the regex.
      let end = i + 1;
      for (let c = next; c < 128 && ASCII_IDENT_CONTINUE[c]; c = text.charCodeAt(++end));
      if (end < text.length && text.charCodeAt(end) >= 0x80) end = i + matchAt(IDENT, text, i)![0].length;
      push('Ident', i, end);
      i = end;
      continue;
    }
    switch (code) {
      case 32: // space
      case 9: // tab
        // Alignment runs of blanks are common; skipping them here saves a trip round the loop per blank.
        for (i++; text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9; i++);
        continue;
      case 10: // \n
        push('Newline', i, i + 1);
        i++;
        if (atBoundary(i)) return withEof(tokens, i);
        continue;
      case 13: // \r
        if (next === 10) {
          push('Newline', i, i + 2);
          i += 2;
          if (atBoundary(i)) return withEof(tokens, i);
          continue;
        }
        break;
      case 35: // #
        i = lineComment(text, i, push);
        if (text.charCodeAt(i - 1) === 10 && atBoundary(i)) return withEof(tokens, i);
        continue;
      case 47: // /
        if (next === 47) {
          i = lineComment(text, i, push);
          if (text.charCodeAt(i - 1) === 10 && atBoundary(i)) return withEof(tokens, i);
          continue;
        }
        if (next === 42) {
          const close = text.indexOf('*/', i + 2);
          const end = close === -1 ? text.length : close + 2;
          push('Comment', i, end);
          i = end;
          continue;
        }
        break;
      case 34: // "
        push('OQuote', i, i + 1);
        modes.push({ kind: 'quoted' });
        i++;
        continue;
      case 60: {
        // <
        const open = next === 60 ? matchAt(HEREDOC_OPEN, text, i) : null;
        if (open) {
          push('OHeredoc', i, i + open[0].length);
          // hclsyntax compares the trimmed line with the marker, so blanks around the closing marker are fine.
          const closer = new RegExp(`[ \\t]*${escapeRegExp(open[2])}[ \\t]*(?=\\r?\\n|$)`, 'y');
          modes.push({ kind: 'heredoc', closer, atLineStart: true });
          i += open[0].length;
          continue;
        }
        const width = next === 61 ? 2 : 1;
        push(width === 2 ? '<=' : '<', i, i + width);
        i += width;
        continue;
      }
      case 123: // {
        mode.braces++;
        push('{', i, i + 1);
        i++;
        continue;
      case 125: // }
        i = closeBrace(mode, modes, i, 1, push);
        continue;
      case 126: // ~
        if (next === 125 && mode.closesSequence && mode.braces === 0) {
          i = closeBrace(mode, modes, i, 2, push);
          continue;
        }
        break;
      case 61: // =
        if (next === 61 || next === 62) {
          push(next === 61 ? '==' : '=>', i, i + 2);
          i += 2;
        } else push('=', i++, i);
        continue;
      case 33: // !
      case 62: // >
        if (next === 61) {
          push(code === 33 ? '!=' : '>=', i, i + 2);
          i += 2;
        } else push(code === 33 ? '!' : '>', i++, i);
        continue;
      case 38: // &
      case 124: // |
        if (next === code) {
          push(code === 38 ? '&&' : '||', i, i + 2);
          i += 2;
        } else push('Bitwise', i++, i);
        continue;
      case 42: // *
        if (next === 42) {
          push('StarStar', i, i + 2);
          i += 2;
        } else push('*', i++, i);
        continue;
      case 46: // .
        if (next === 46 && text.charCodeAt(i + 2) === 46) {
          push('...', i, i + 3);
          i += 3;
        } else push('.', i++, i);
        continue;
      case 58: // :
        if (options.doubleColon && next === 58) {
          push('::', i, i + 2);
          i += 2;
        } else push(':', i++, i);
        continue;
      case 40: // (
      case 91: // [
        if (modes.length === 1) groups++;
        break;
      case 41: // )
      case 93: // ]
        if (modes.length === 1) groups--;
        break;
      default:
        if (isDigit(code)) {
          const end = numberEnd(text, i);
          push('Number', i, end);
          i = end;
          continue;
        }
    }
    const single = code < 128 ? SINGLE_BY_CODE[code] : undefined;
    if (single) {
      push(single, i, i + 1);
      i++;
    } else if (code >= 128 && (IDENT_START.test(text[i]) || (code >= 0xd800 && code <= 0xdbff && matchAt(IDENT, text, i)))) {
      const ident = matchAt(IDENT, text, i);
      if (ident) {
        push('Ident', i, i + ident[0].length);
        i += ident[0].length;
      } else {
        push('Invalid', i, i + 1);
        i++;
      }
    } else {
      const width = text.codePointAt(i)! > 0xffff ? 2 : 1;
      push('Invalid', i, i + width);
      i += width;
    }
  }
  return withEof(tokens, text.length);
}

function withEof(tokens: Token[], offset: number): Token[] {
  tokens.push({ type: 'EOF', start: offset, end: offset });
  return tokens;
}

/** Line comments own their newline; the parser turns them back into one where newlines matter. */
function lineComment(text: string, start: number, push: (type: TokenType, start: number, end: number) => void): number {
  const newline = text.indexOf('\n', start);
  const end = newline === -1 ? text.length : newline + 1;
  push('Comment', start, end);
  return end;
}

/** `}` (or `~}` of a strip marker): ends the template sequence this main mode was opened for, or closes a brace. */
function closeBrace(
  mode: Mode & { kind: 'main' },
  modes: Mode[],
  start: number,
  width: number,
  push: (type: TokenType, start: number, end: number) => void,
): number {
  if (mode.closesSequence && mode.braces === 0) {
    push('TemplateSeqEnd', start, start + width);
    modes.pop();
  } else {
    if (mode.braces > 0) mode.braces--;
    push('}', start, start + width);
  }
  return start + width;
}
