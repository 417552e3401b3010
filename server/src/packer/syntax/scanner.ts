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
}

type Mode =
  | { kind: 'main'; braces: number; closesSequence: boolean }
  | { kind: 'quoted' }
  | { kind: 'heredoc'; closer: RegExp; atLineStart: boolean };

const IDENT_START = /[\p{ID_Start}_]/u;
const IDENT = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEREDOC_OPEN = /<<(-?)([\p{ID_Start}_][\p{ID_Continue}-]*)\r?\n/uy;

const THREE_CHAR: Record<string, TokenType> = { '...': '...' };
const TWO_CHAR: Record<string, TokenType> = {
  '==': '==', '!=': '!=', '<=': '<=', '>=': '>=', '&&': '&&', '||': '||', '=>': '=>', '**': 'StarStar',
};
const ONE_CHAR: Record<string, TokenType> = {
  '=': '=', '!': '!', '+': '+', '-': '-', '*': '*', '/': '/', '%': '%', '<': '<', '>': '>', '?': '?', ':': ':',
  '.': '.', ',': ',', '(': '(', ')': ')', '[': '[', ']': ']', '&': 'Bitwise', '|': 'Bitwise', '^': 'Bitwise',
  '~': 'Bitwise', "'": 'Apostrophe', '`': 'Backtick', ';': 'Semicolon',
};

/** Character codes below 128 that end a run of plain literal text, by mode; every other code continues it. */
function asciiTable(characters: string): boolean[] {
  const table: boolean[] = new Array<boolean>(128).fill(false);
  for (const character of characters) table[character.charCodeAt(0)] = true;
  return table;
}
const QUOTED_SPECIAL = asciiTable('"\n\r$%\\');
const HEREDOC_SPECIAL = asciiTable('\n$%');
const ASCII_IDENT_START = asciiTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_');
const ASCII_IDENT_CONTINUE = asciiTable('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789-');

function matchAt(pattern: RegExp, text: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function scanTokens(text: string, options: ScanOptions): Token[] {
  const tokens: Token[] = [];
  const modes: Mode[] = [{ kind: 'main', braces: 0, closesSequence: false }];
  const push = (type: TokenType, start: number, end: number): void => {
    tokens.push({ type, start, end });
  };
  /** Literal text is gathered into one token per run, as hclsyntax does. */
  const pushLiteral = (type: 'QuotedLit' | 'StringLit', start: number, end: number): void => {
    const last = tokens[tokens.length - 1];
    if (last && last.type === type && last.end === start) last.end = end;
    else push(type, start, end);
  };

  // A byte order mark is allowed only as the very first character.
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const mode = modes[modes.length - 1];
    const c = text[i];
    if (mode.kind === 'quoted') {
      if (c === '"') {
        push('CQuote', i, i + 1);
        modes.pop();
        i++;
      } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
        const end = c === '\n' ? i + 1 : i + 2;
        push('QuotedNewline', i, end);
        i = end;
      } else if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
        pushLiteral('QuotedLit', i, i + 3);
        i += 3;
      } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        const end = text[i + 2] === '~' ? i + 3 : i + 2;
        push(c === '$' ? 'TemplateInterp' : 'TemplateControl', i, end);
        modes.push({ kind: 'main', braces: 0, closesSequence: true });
        i = end;
      } else if (c === '\\' && i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') {
        const width = text.codePointAt(i + 1)! > 0xffff ? 3 : 2;
        pushLiteral('QuotedLit', i, i + width);
        i += width;
      } else {
        // A run of characters none of the cases above looks at becomes (part of) one literal token in one step.
        let end = i + 1;
        while (end < text.length && !QUOTED_SPECIAL[text.charCodeAt(end)]) end++;
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
      if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
        pushLiteral('StringLit', i, i + 3);
        i += 3;
      } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        const end = text[i + 2] === '~' ? i + 3 : i + 2;
        push(c === '$' ? 'TemplateInterp' : 'TemplateControl', i, end);
        modes.push({ kind: 'main', braces: 0, closesSequence: true });
        i = end;
      } else if (c === '\n') {
        pushLiteral('StringLit', i, i + 1);
        mode.atLineStart = true;
        i++;
      } else {
        let end = i + 1;
        while (end < text.length && !HEREDOC_SPECIAL[text.charCodeAt(end)]) end++;
        pushLiteral('StringLit', i, end);
        i = end;
      }
      continue;
    }

    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '\n') {
      push('Newline', i, i + 1);
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      push('Newline', i, i + 2);
      i += 2;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      // Line comments own their newline; the parser turns them back into one where newlines matter.
      const newline = text.indexOf('\n', i);
      const end = newline === -1 ? text.length : newline + 1;
      push('Comment', i, end);
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close === -1 ? text.length : close + 2;
      push('Comment', i, end);
      i = end;
    } else if (c >= '0' && c <= '9') {
      const number = matchAt(NUMBER, text, i)!;
      push('Number', i, i + number[0].length);
      i += number[0].length;
    } else if (c === '"') {
      push('OQuote', i, i + 1);
      modes.push({ kind: 'quoted' });
      i++;
    } else if (c === '<' && text[i + 1] === '<' && matchAt(HEREDOC_OPEN, text, i)) {
      const open = matchAt(HEREDOC_OPEN, text, i)!;
      push('OHeredoc', i, i + open[0].length);
      // hclsyntax compares the trimmed line with the marker, so blanks around the closing marker are fine.
      const closer = new RegExp(`[ \\t]*${escapeRegExp(open[2])}[ \\t]*(?=\\r?\\n|$)`, 'y');
      modes.push({ kind: 'heredoc', closer, atLineStart: true });
      i += open[0].length;
    } else if (c === '{') {
      if (mode.kind === 'main') mode.braces++;
      push('{', i, i + 1);
      i++;
    } else if (c === '}' || (c === '~' && text[i + 1] === '}' && mode.kind === 'main' && mode.closesSequence && mode.braces === 0)) {
      const end = c === '}' ? i + 1 : i + 2;
      if (mode.kind === 'main' && mode.closesSequence && mode.braces === 0) {
        push('TemplateSeqEnd', i, end);
        modes.pop();
      } else {
        if (mode.kind === 'main' && mode.braces > 0) mode.braces--;
        push('}', i, end);
      }
      i = end;
    } else if (ASCII_IDENT_START[text.charCodeAt(i)]) {
      // ASCII identifiers (nearly all of them) without the Unicode regex; a non-ASCII character after the run hands
      // the whole identifier to the regex.
      let end = i + 1;
      while (ASCII_IDENT_CONTINUE[text.charCodeAt(end)]) end++;
      if (end < text.length && text.charCodeAt(end) >= 0x80) end = i + matchAt(IDENT, text, i)![0].length;
      push('Ident', i, end);
      i = end;
    } else if (IDENT_START.test(c) || (c >= '\ud800' && c <= '\udbff' && matchAt(IDENT, text, i))) {
      const ident = matchAt(IDENT, text, i);
      if (ident) {
        push('Ident', i, i + ident[0].length);
        i += ident[0].length;
      } else {
        push('Invalid', i, i + 1);
        i++;
      }
    } else if (options.doubleColon && c === ':' && text[i + 1] === ':') {
      push('::', i, i + 2);
      i += 2;
    } else {
      const three = THREE_CHAR[text.slice(i, i + 3)];
      const two = TWO_CHAR[text.slice(i, i + 2)];
      const one = ONE_CHAR[c];
      if (three) {
        push(three, i, i + 3);
        i += 3;
      } else if (two) {
        push(two, i, i + 2);
        i += 2;
      } else if (one) {
        push(one, i, i + 1);
        i++;
      } else {
        const width = text.codePointAt(i)! > 0xffff ? 2 : 1;
        push('Invalid', i, i + width);
        i += width;
      }
    }
  }
  push('EOF', text.length, text.length);
  return tokens;
}

