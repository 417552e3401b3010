// An HCL native-syntax tokenizer that produces the token stream hclsyntax's scanner produces (hcl 2.14), because
// hclwrite.Format, which `packer fmt` runs, decides every space from that stream and nothing else. Only what the
// formatter needs is modelled: token kinds, exact text, and the whitespace skipped before each token.

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

const OPERATORS: ReadonlyArray<readonly [string, TokenType]> = [
  ['...', 'Ellipsis'],
  ['&&', 'And'],
  ['||', 'Or'],
  ['==', 'EqualOp'],
  ['!=', 'NotEqual'],
  ['<=', 'LessThanEq'],
  ['>=', 'GreaterThanEq'],
  ['=>', 'FatArrow'],
  // Only valid in `provider::ns::fn()` (hcl 2.20+); two single colons are never valid next to each other anyway.
  ['::', 'DoubleColon'],
  ['+', 'Plus'],
  ['-', 'Minus'],
  ['*', 'Star'],
  ['/', 'Slash'],
  ['%', 'Percent'],
  ['!', 'Bang'],
  ['<', 'LessThan'],
  ['>', 'GreaterThan'],
  ['=', 'Equal'],
  ['?', 'Question'],
  [':', 'Colon'],
  ['.', 'Dot'],
  [',', 'Comma'],
  ['(', 'OParen'],
  [')', 'CParen'],
  ['[', 'OBrack'],
  [']', 'CBrack'],
];

const IDENT = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEREDOC_OPEN = /<<(-?)([\p{ID_Start}_][\p{ID_Continue}-]*)(\r?\n)/uy;
const BOM = '\uFEFF';

/** Expression context: the top level, or the inside of a `${ }` / `%{ }` sequence (which `}` may close). */
interface ExpressionMode {
  kind: 'expression';
  inTemplate: boolean;
  openBraces: number;
}
interface QuotedMode {
  kind: 'quoted';
}
interface HeredocMode {
  kind: 'heredoc';
  marker: string;
  atLineStart: boolean;
}
type Mode = ExpressionMode | QuotedMode | HeredocMode;

class LexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Go's bytes.TrimSpace, which hclsyntax uses to recognise a heredoc's closing marker. */
function trimGoSpace(text: string): string {
  return text.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '');
}

export function lexHcl(source: string): LexResult {
  try {
    return { ok: true, tokens: new Lexer(source).run() };
  } catch (error) {
    if (error instanceof LexError) return { ok: false, message: error.message, offset: error.offset };
    throw error;
  }
}

class Lexer {
  private readonly tokens: Token[] = [];
  private readonly modes: Mode[] = [{ kind: 'expression', inTemplate: false, openBraces: 0 }];
  private pos = 0;
  private lastEnd = 0;

  constructor(private readonly src: string) {
    // hclsyntax skips a leading byte-order mark like whitespace; later ones are invalid characters.
    if (src.startsWith(BOM)) this.pos = 1;
  }

  run(): Token[] {
    while (this.pos < this.src.length) {
      const mode = this.modes[this.modes.length - 1];
      if (mode.kind === 'expression') this.expression(mode);
      else if (mode.kind === 'quoted') this.quoted();
      else this.heredoc(mode);
    }
    const open = this.modes[this.modes.length - 1];
    if (this.modes.length > 1) {
      const what = open.kind === 'quoted' ? 'string' : open.kind === 'heredoc' ? 'heredoc' : 'template sequence';
      throw new LexError(`Unterminated ${what}`, this.src.length);
    }
    this.emit('EOF', this.src.length, this.src.length);
    return this.tokens;
  }

  private emit(type: TokenType, start: number, end: number): void {
    const gap = this.src.slice(this.lastEnd, start);
    this.tokens.push({ type, text: this.src.slice(start, end), start, end, spacesBefore: utf8Length(gap) });
    this.lastEnd = end;
    this.pos = end;
  }

  private matchAt(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.pos;
    return pattern.exec(this.src);
  }

  private expression(mode: ExpressionMode): void {
    const src = this.src;
    const start = this.pos;
    const ch = src[start];
    const next = src[start + 1];

    if (ch === ' ' || ch === '\t') {
      this.pos++;
      return;
    }
    if (ch === '\n') return this.emit('Newline', start, start + 1);
    if (ch === '\r') {
      if (next === '\n') return this.emit('Newline', start, start + 2);
      throw new LexError('Invalid character: a carriage return must be followed by a newline', start);
    }
    if (ch === '#' || (ch === '/' && next === '/')) {
      const newline = src.indexOf('\n', start);
      return this.emit('Comment', start, newline === -1 ? src.length : newline + 1);
    }
    if (ch === '/' && next === '*') {
      const close = src.indexOf('*/', start + 2);
      if (close === -1) throw new LexError('Unterminated block comment', start);
      return this.emit('Comment', start, close + 2);
    }
    if (ch === '"') {
      this.modes.push({ kind: 'quoted' });
      return this.emit('OQuote', start, start + 1);
    }
    if (ch === '{') {
      mode.openBraces++;
      return this.emit('OBrace', start, start + 1);
    }
    if (ch === '}') {
      if (mode.inTemplate && mode.openBraces === 0) {
        this.modes.pop();
        return this.emit('TemplateSeqEnd', start, start + 1);
      }
      if (mode.openBraces > 0) mode.openBraces--;
      return this.emit('CBrace', start, start + 1);
    }
    if (ch === '~' && next === '}' && mode.inTemplate && mode.openBraces === 0) {
      this.modes.pop();
      return this.emit('TemplateSeqEnd', start, start + 2);
    }
    if (ch === '<' && next === '<') {
      const heredoc = this.matchAt(HEREDOC_OPEN);
      if (heredoc) {
        this.modes.push({ kind: 'heredoc', marker: heredoc[2], atLineStart: true });
        return this.emit('OHeredoc', start, start + heredoc[0].length);
      }
    }
    if (ch >= '0' && ch <= '9') {
      const number = this.matchAt(NUMBER);
      if (number) return this.emit('NumberLit', start, start + number[0].length);
    }
    const ident = this.matchAt(IDENT);
    if (ident) return this.emit('Ident', start, start + ident[0].length);
    for (const [text, type] of OPERATORS) {
      if (src.startsWith(text, start)) return this.emit(type, start, start + text.length);
    }
    const codePoint = src.codePointAt(start) ?? 0;
    const shown = codePoint < 0x20 || codePoint === 0x7f || codePoint > 0x7e ? `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}` : `"${ch}"`;
    throw new LexError(`Invalid character ${shown}`, start);
  }

  /** `${`, `%{` (optionally with a `~` strip marker) at the cursor: opens a template sequence. */
  private templateOpener(): boolean {
    const src = this.src;
    const start = this.pos;
    const ch = src[start];
    if ((ch !== '$' && ch !== '%') || src[start + 1] !== '{') return false;
    const length = src[start + 2] === '~' ? 3 : 2;
    this.modes.push({ kind: 'expression', inTemplate: true, openBraces: 0 });
    this.emit(ch === '$' ? 'TemplateInterp' : 'TemplateControl', start, start + length);
    return true;
  }

  /** Length of a `$${` / `%%{` escape at `at`, which stays literal text. */
  private escapedOpener(at: number): number {
    const src = this.src;
    const ch = src[at];
    return (ch === '$' || ch === '%') && src[at + 1] === ch && src[at + 2] === '{' ? 3 : 0;
  }

  private quoted(): void {
    const src = this.src;
    const start = this.pos;
    if (src[start] === '"') {
      this.modes.pop();
      return this.emit('CQuote', start, start + 1);
    }
    if (this.templateOpener()) return;
    let at = start;
    while (at < src.length) {
      const ch = src[at];
      if (ch === '"' || ((ch === '$' || ch === '%') && src[at + 1] === '{')) break;
      if (ch === '\n' || ch === '\r') throw new LexError('Unterminated string: a quoted string cannot span lines', at);
      const escaped = this.escapedOpener(at);
      if (escaped) at += escaped;
      else if (ch === '\\') {
        if (at + 1 >= src.length || src[at + 1] === '\n' || src[at + 1] === '\r') {
          throw new LexError('Unterminated string: a quoted string cannot span lines', at);
        }
        at += 2;
      } else at++;
    }
    this.emit('QuotedLit', start, at);
  }

  private heredoc(mode: HeredocMode): void {
    const src = this.src;
    const start = this.pos;
    if (mode.atLineStart) {
      const newline = src.indexOf('\n', start);
      const lineEnd = newline === -1 ? src.length : newline;
      const line = src.slice(start, lineEnd);
      if (trimGoSpace(line) === mode.marker) {
        const markerEnd = newline !== -1 && src[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
        this.modes.pop();
        this.emit('CHeredoc', start, markerEnd);
        if (newline !== -1) this.emit('Newline', markerEnd, newline + 1);
        return;
      }
    }
    if (this.templateOpener()) {
      mode.atLineStart = false;
      return;
    }
    let at = start;
    while (at < src.length) {
      const ch = src[at];
      if (ch === '\n') {
        at++;
        mode.atLineStart = true;
        return this.emit('StringLit', start, at);
      }
      if ((ch === '$' || ch === '%') && src[at + 1] === '{') break;
      at += this.escapedOpener(at) || 1;
    }
    mode.atLineStart = false;
    this.emit('StringLit', start, at);
  }
}
