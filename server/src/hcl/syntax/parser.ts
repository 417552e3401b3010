// A checking-only parser that follows hclsyntax 2.14.1's grammar, recovery and wording, so Bilder reports the same
// first error at the same place as `packer validate`. It builds no tree (tree-sitter's tree serves every other feature);
// it only decides where each construct ends and what HashiCorp would say about it.
//
// Recursion is bounded: beyond MAX_NESTING nested expressions or blocks the parser skips the nested text by counting
// brackets in a loop and marks the result `truncated`, so the caller can fall back to tree-sitter's ERROR nodes there.
import { scanTokens } from './scanner';
import type { Token, TokenType } from './scanner';
import { levenshtein } from '../../util/editDistance';

export interface HclDiagnostic {
  summary: string;
  detail: string;
  start: number;
  end: number;
  /** Reported by hclsyntax's scanner pass, which runs (and reports) before the parser. */
  lexical: boolean;
}

export interface HclParseOptions {
  /** hcl ≥ 2.20 (current Packer) accepts `provider::ns::fn()`; hcl 2.14.1 and Packer 1.6.6 do not. */
  namespacedFunctions: boolean;
  /** hclsyntax prints ranges as `file:line,col-col`; the caller knows the file name and the line map. */
  describeRange: (start: number, end: number) => string;
  /** Check from this top-level boundary on, the text before it being known to check clean (see ScanOptions.from). */
  from?: number;
  /** See ScanOptions.onBoundary: sees each top-level boundary and may end the check there. */
  onBoundary?: (offset: number) => boolean;
  /** The top-level arguments set before `from`, which a later argument of the same name redefines. */
  earlierAttributes?: readonly TopLevelAttribute[];
}

/** A top-level argument's name, where the duplicate check (which spans the whole file) needs it. */
export interface TopLevelAttribute {
  name: string;
  start: number;
  end: number;
}

export interface HclParseResult {
  diagnostics: HclDiagnostic[];
  /** Some deeply nested text was skipped rather than checked. */
  truncated: boolean;
  /** The top-level arguments, in text order. */
  topLevelAttributes: TopLevelAttribute[];
}

const MAX_NESTING = 200;

const PRECEDENCE: Partial<Record<TokenType, number>> = {
  '||': 1, '&&': 2, '==': 3, '!=': 3, '>': 4, '>=': 4, '<': 4, '<=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6,
};

const OPPOSITE: Partial<Record<TokenType, TokenType>> = {
  '{': '}', '}': '{', '[': ']', ']': '[', '(': ')', ')': '(', OQuote: 'CQuote', CQuote: 'OQuote',
  OHeredoc: 'CHeredoc', CHeredoc: 'OHeredoc', TemplateInterp: 'TemplateSeqEnd', TemplateSeqEnd: 'TemplateInterp',
};

const OPENERS = new Set<TokenType>(['{', '[', '(', 'OQuote', 'OHeredoc', 'TemplateInterp', 'TemplateControl']);
const CLOSERS = new Set<TokenType>(['}', ']', ')', 'CQuote', 'CHeredoc', 'TemplateSeqEnd']);
/** Tokens that end an expression in every context that contains one (`=` after an object key). */
const SKIP_STOPS = new Set<TokenType>([',', 'Newline', '=', '=>', '...']);

const DETAIL = {
  argumentOrBlock: 'An argument or block definition is required here.',
  argumentOrBlockEquals:
    'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
  unclosedBlock:
    'There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
  invalidExpression: 'Expected the start of an expression, but found an invalid expression token.',
  unbalancedDirectives: 'The control directives within this template are unbalanced.',
  unterminatedObject:
    'There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.',
};

interface TemplateMarker {
  kind: 'if' | 'for' | 'else' | 'endif' | 'endfor' | 'end';
  start: number;
  end: number;
}

export function parseHcl(text: string, options: HclParseOptions): HclParseResult {
  const tokens = scanTokens(text, { doubleColon: options.namespacedFunctions, from: options.from, onBoundary: options.onBoundary });
  return checkTokens(tokens, text, options);
}

/** parseHcl on tokens already scanned (with the same options). */
export function checkTokens(tokens: readonly Token[], text: string, options: HclParseOptions): HclParseResult {
  const parser = new HclParser(tokens, text, options.describeRange, options.earlierAttributes ?? []);
  parser.parseBody('EOF');
  const lexical = lexicalDiagnostics(tokens, text);
  const diagnostics = lexical.length === 0 ? parser.diagnostics : [...lexical, ...parser.diagnostics];
  return { diagnostics, truncated: parser.truncated, topLevelAttributes: parser.topLevelAttributes };
}

/** hclsyntax's checkInvalidTokens: characters and operators the scanner recognises only to reject them. */
function lexicalDiagnostics(tokens: readonly Token[], text: string): HclDiagnostic[] {
  const diagnostics: HclDiagnostic[] = [];
  const add = (summary: string, detail: string, token: Token): void => {
    diagnostics.push({ summary, detail, start: token.start, end: token.end, lexical: true });
  };
  let bitwise = 0;
  let exponent = 0;
  let backticks = 0;
  let apostrophes = 0;
  let semicolons = 0;
  // An unclosed quote makes every later line of the file a quoted newline, and a run of `${` inside an interpolation
  // makes each `$` an invalid character: hclsyntax reports every one, tens of thousands for one mistake. The first of
  // each string and of each interpolation is the one to fix; the rest would bury it.
  let newlineToldInString = false;
  let interpolationDepth = 0;
  let invalidToldInInterpolation = false;
  for (const token of tokens) {
    switch (token.type) {
      case 'OQuote':
        newlineToldInString = false;
        break;
      case 'TemplateInterp':
      case 'TemplateControl':
        interpolationDepth++;
        break;
      case 'TemplateSeqEnd':
        interpolationDepth = Math.max(0, interpolationDepth - 1);
        if (interpolationDepth === 0) invalidToldInInterpolation = false;
        break;
      case 'Bitwise': {
        if (bitwise++ >= 4) break;
        const suggestion = { '&': ' Did you mean boolean AND ("&&")?', '|': ' Did you mean boolean OR ("||")?', '~': ' Did you mean boolean NOT ("!")?' }[
          text[token.start] as '&' | '|' | '~'
        ] ?? '';
        add('Unsupported operator', `Bitwise operators are not supported.${suggestion}`, token);
        break;
      }
      case 'StarStar':
        if (exponent++ < 1) {
          add('Unsupported operator', '"**" is not a supported operator. Exponentiation is not supported as an operator.', token);
        }
        break;
      case 'Backtick':
        // Only every other one, so a `quoted` word is reported once.
        if (backticks % 2 === 0) {
          add('Invalid character', 'The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT".', token);
        }
        if (backticks <= 2) backticks++;
        break;
      case 'Apostrophe':
        if (apostrophes % 2 === 0) add('Invalid character', 'Single quotes are not valid. Use double quotes (") to enclose strings.', token);
        if (apostrophes <= 2) apostrophes++;
        break;
      case 'Semicolon':
        if (semicolons++ < 1) {
          add(
            'Invalid character',
            'The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.',
            token,
          );
        }
        break;
      case 'QuotedNewline':
        if (newlineToldInString) break;
        newlineToldInString = true;
        add(
          'Invalid multi-line string',
          'Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the "heredoc" multi-line template syntax.',
          token,
        );
        break;
      case 'Invalid':
        if (interpolationDepth > 0 && invalidToldInInterpolation) break;
        invalidToldInInterpolation = interpolationDepth > 0;
        add('Invalid character', 'This character is not used within the language.', token);
        break;
      default:
        break;
    }
  }
  return diagnostics;
}

class HclParser {
  readonly diagnostics: HclDiagnostic[] = [];
  readonly topLevelAttributes: TopLevelAttribute[] = [];
  truncated = false;
  private recovery = false;
  private index = 0;
  private depth = 0;
  private previous: Token;
  private readonly newlines: boolean[] = [true];

  constructor(
    private readonly tokens: readonly Token[],
    private readonly text: string,
    private readonly describe: (start: number, end: number) => string,
    private readonly earlierAttributes: readonly TopLevelAttribute[],
  ) {
    this.previous = tokens[0];
  }

  // ---- peeker -------------------------------------------------------------------------------------------------

  /** The index of the token the last next() returned (a comment's, for the newline it stands for). */
  private nextIndex = 0;

  private next(): Token {
    const including = this.newlines[this.newlines.length - 1];
    for (let i = this.index; i < this.tokens.length; i++) {
      const token = this.tokens[i];
      if (token.type === 'Comment') {
        // A line comment swallows its newline; where newlines matter it still ends the line.
        if (including && this.text.charCodeAt(token.end - 1) === 10) {
          this.nextIndex = i;
          return { type: 'Newline', start: token.end - 1, end: token.end };
        }
        continue;
      }
      if (token.type === 'Newline' && !including) continue;
      this.nextIndex = i;
      return token;
    }
    this.nextIndex = this.tokens.length - 1;
    return this.tokens[this.nextIndex];
  }

  private peek(): Token {
    return this.next();
  }

  private read(): Token {
    const token = this.next();
    if (token.type !== 'EOF') this.index = this.nextIndex + 1;
    this.previous = token;
    return token;
  }

  private pushNewlines(include: boolean): void {
    this.newlines.push(include);
  }

  private popNewlines(): void {
    this.newlines.pop();
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.type === 'Ident' && token.end - token.start === keyword.length && this.text.startsWith(keyword, token.start);
  }

  private tokenText(token: Token): string {
    return this.text.slice(token.start, token.end);
  }

  private error(summary: string, detail: string, start: number, end: number): void {
    this.diagnostics.push({ summary, detail, start, end, lexical: false });
  }

  private errorAt(summary: string, detail: string, token: Token): void {
    this.error(summary, detail, token.start, token.end);
  }

  private failedSince(mark: number): boolean {
    return this.diagnostics.length > mark;
  }

  // ---- recovery -----------------------------------------------------------------------------------------------

  private recover(end: TokenType): Token {
    const start = OPPOSITE[end];
    this.recovery = true;
    let nest = 0;
    for (;;) {
      const token = this.read();
      const type = end === 'TemplateSeqEnd' && token.type === 'TemplateControl' ? 'TemplateInterp' : token.type;
      if (type === start) nest++;
      else if (type === end) {
        if (nest < 1) return token;
        nest--;
      } else if (type === 'EOF') return token;
    }
  }

  private recoverOver(start: TokenType): void {
    for (;;) {
      const token = this.read();
      if (token.type === start || token.type === 'EOF') break;
    }
    this.recover(OPPOSITE[start]!);
  }

  private recoverAfterBodyItem(): void {
    this.recovery = true;
    const open: TokenType[] = [];
    for (;;) {
      const token = this.read();
      if (token.type === 'EOF' || (token.type === 'Newline' && open.length === 0)) return;
      if (OPENERS.has(token.type)) open.push(token.type);
      else if (CLOSERS.has(token.type)) {
        const opener = OPPOSITE[token.type];
        const matches = (type: TokenType): boolean =>
          token.type === 'TemplateSeqEnd' ? type === 'TemplateInterp' || type === 'TemplateControl' : type === opener;
        while (open.length > 0 && !matches(open[open.length - 1])) open.pop();
        open.pop();
      }
    }
  }

  /**
   * Past MAX_NESTING: consume one expression by counting brackets instead of parsing it. Stops before the token that
   * ends the expression in its context (a separator, a closer, or a newline where newlines count).
   */
  private skipExpression(): void {
    this.truncated = true;
    const open: number[] = [];
    let pendingQuestions = 0;
    for (;;) {
      const token = this.peek();
      if (token.type === 'EOF') return;
      if (open.length === 0) {
        if (CLOSERS.has(token.type) || SKIP_STOPS.has(token.type)) return;
        if (token.type === '?') pendingQuestions++;
        if (token.type === ':') {
          if (pendingQuestions === 0) return;
          pendingQuestions--;
        }
        if (this.isKeyword(token, 'if') && this.previous.type !== '?' && !(this.previous.type in PRECEDENCE)) return;
      }
      this.read();
      if (OPENERS.has(token.type)) open.push(0);
      else if (CLOSERS.has(token.type)) open.pop();
    }
  }

  // ---- bodies -------------------------------------------------------------------------------------------------

  parseBody(end: 'EOF' | '}', openBrace?: Token): void {
    const topLevel = end === 'EOF';
    const attributes = new Map<string, { start: number; end: number }>();
    if (topLevel) for (const attribute of this.earlierAttributes) if (!attributes.has(attribute.name)) attributes.set(attribute.name, attribute);
    for (;;) {
      const next = this.peek();
      if (next.type === end) {
        this.read();
        return;
      }
      if (next.type === 'Newline') {
        this.read();
        continue;
      }
      if (next.type === 'Ident') {
        const name = this.parseBodyItem();
        if (name) {
          const key = this.tokenText(name);
          if (topLevel) this.topLevelAttributes.push({ name: key, start: name.start, end: name.end });
          const existing = attributes.get(key);
          if (existing) {
            this.errorAt(
              'Attribute redefined',
              `The argument ${JSON.stringify(key)} was already set at ${this.describe(existing.start, existing.end)}. Each argument may be set only once.`,
              name,
            );
          } else attributes.set(key, name);
        }
        continue;
      }
      const bad = this.read();
      if (!this.recovery) {
        if (bad.type === 'OQuote') this.errorAt('Invalid argument name', 'Argument names must not be quoted.', bad);
        else if (bad.type === 'EOF' && end === '}' && openBrace) this.errorAt('Unclosed configuration block', DETAIL.unclosedBlock, openBrace);
        else if (bad.type === 'EOF') this.errorAt('Unclosed configuration body', 'Found end of file before the end of this configuration body.', bad);
        else this.errorAt('Argument or block definition required', DETAIL.argumentOrBlock, bad);
      }
      this.recover(end);
      return;
    }
  }

  /** Returns the attribute's name token for the duplicate check, or undefined for blocks and broken items. */
  private parseBodyItem(): Token | undefined {
    const ident = this.read();
    const next = this.peek();
    if (next.type === '=') {
      this.finishAttribute(false);
      return ident;
    }
    if (next.type === 'OQuote' || next.type === '{' || next.type === 'Ident') {
      this.finishBlock();
      return undefined;
    }
    this.recoverAfterBodyItem();
    this.errorAt('Argument or block definition required', DETAIL.argumentOrBlockEquals, ident);
    return undefined;
  }

  private finishAttribute(singleLine: boolean): void {
    this.read(); // =
    const mark = this.diagnostics.length;
    this.parseExpression();
    if (this.recovery && this.failedSince(mark)) {
      this.recoverAfterBodyItem();
      return;
    }
    if (singleLine) return;
    const end = this.peek();
    if (end.type === 'Newline' || end.type === 'EOF') {
      this.read();
      return;
    }
    if (!this.recovery) {
      if (end.type === ',') {
        this.errorAt(
          'Unexpected comma after argument',
          'Argument definitions must be separated by newlines, not commas. An argument definition must end with a newline.',
          end,
        );
      } else this.errorAt('Missing newline after argument', 'An argument definition must end with a newline.', end);
    }
    this.recoverAfterBodyItem();
  }

  private finishBlock(): void {
    let openBrace: Token | undefined;
    while (!openBrace) {
      const token = this.peek();
      if (token.type === '{') openBrace = this.read();
      else if (token.type === 'OQuote') this.parseQuotedStringLiteral();
      else if (token.type === 'Ident') this.read();
      else {
        if (token.type === '=') {
          this.errorAt(
            'Invalid block definition',
            'The equals sign "=" indicates an argument definition, and must not be used when defining a block.',
            token,
          );
        } else if (token.type === 'Newline') {
          this.errorAt(
            'Invalid block definition',
            'A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.',
            token,
          );
        } else if (!this.recovery) {
          this.errorAt('Invalid block definition', 'Either a quoted string block label or an opening brace ("{") is expected here.', token);
        }
        this.recoverAfterBodyItem();
        return;
      }
    }

    const first = this.peek().type;
    if (this.depth >= MAX_NESTING) {
      this.truncated = true;
      this.recover('}');
    } else if (first === 'Newline' || first === 'EOF' || first === '}') {
      this.depth++;
      this.parseBody('}', openBrace);
      this.depth--;
    } else {
      // hclsyntax reports the single-line block's own problems before those found inside its argument.
      const mark = this.diagnostics.length;
      this.parseSingleAttributeBody();
      const bodyDiagnostics = this.diagnostics.splice(mark);
      const after = this.peek();
      if (after.type === '}') this.read();
      else {
        if (after.type === ',') {
          this.errorAt(
            'Invalid single-argument block definition',
            'Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.',
            after,
          );
        } else if (after.type === 'Newline') {
          this.errorAt(
            'Invalid single-argument block definition',
            "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.",
            after,
          );
        } else if (!this.recovery) {
          if (after.type === 'EOF') this.errorAt('Unclosed configuration block', DETAIL.unclosedBlock, openBrace);
          else {
            this.errorAt(
              'Invalid single-argument block definition',
              'A single-line block definition must end with a closing brace immediately after its single argument definition.',
              after,
            );
          }
        }
        this.recover('}');
      }
      this.diagnostics.push(...bodyDiagnostics);
    }

    const eol = this.peek();
    if (eol.type === 'Newline' || eol.type === 'EOF') {
      this.read();
      return;
    }
    if (!this.recovery) this.errorAt('Missing newline after block definition', 'A block definition must end with a newline.', eol);
    this.recoverAfterBodyItem();
  }

  private parseSingleAttributeBody(): void {
    const ident = this.read();
    if (ident.type !== 'Ident') {
      this.recoverAfterBodyItem();
      this.errorAt('Argument or block definition required', DETAIL.argumentOrBlock, ident);
      return;
    }
    const next = this.peek();
    if (next.type === '=') {
      this.finishAttribute(true);
      return;
    }
    this.recoverAfterBodyItem();
    if (next.type === 'OQuote' || next.type === '{' || next.type === 'Ident') {
      this.error(
        'Argument definition required',
        `A single-line block definition can contain only a single argument. If you meant to define argument ${JSON.stringify(this.tokenText(ident))}, use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`,
        ident.start,
        next.end,
      );
    } else this.errorAt('Argument or block definition required', DETAIL.argumentOrBlockEquals, ident);
  }

  /** Block labels: quoted strings without template sequences. */
  private parseQuotedStringLiteral(): void {
    this.read(); // "
    for (;;) {
      const token = this.read();
      switch (token.type) {
        case 'CQuote':
          return;
        case 'QuotedLit':
          this.checkEscapes(token);
          break;
        case 'TemplateInterp':
        case 'TemplateControl': {
          const which = token.type === 'TemplateInterp' ? '$' : '%';
          this.errorAt(
            'Invalid string literal',
            `Template sequences are not allowed in this string. To include a literal "${which}", double it (as "${which}${which}") to escape it.`,
            token,
          );
          this.recover('TemplateSeqEnd');
          break;
        }
        case 'EOF':
          this.errorAt('Unterminated string literal', 'Unable to find the closing quote mark before the end of the file.', token);
          return;
        default:
          this.errorAt('Invalid string literal', 'This item is not valid in a string literal.', token);
          this.recover('CQuote');
          return;
      }
    }
  }

  private checkEscapes(token: Token): void {
    // Looks for backslashes within the token only: searching the rest of the text from each literal was quadratic.
    for (let i = this.nextBackslash(token.start, token.end); i < token.end; i = this.nextBackslash(i, token.end)) {
      if (i + 1 >= token.end) {
        this.error('Invalid escape sequence', 'Backslash must be followed by an escape sequence selector character.', i, i + 1);
        return;
      }
      const selector = this.text[i + 1];
      if ('nrt"\\'.includes(selector)) {
        i += 2;
        continue;
      }
      if (selector === 'u' || selector === 'U') {
        const digits = selector === 'u' ? 4 : 8;
        const hex = this.text.slice(i + 2, i + 2 + digits);
        if (i + 2 + digits > token.end || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) {
          this.error(
            'Invalid escape sequence',
            `The \\${selector} escape sequence must be followed by ${selector === 'u' ? 'four' : 'eight'} hexadecimal digits.`,
            i,
            i + 2,
          );
          i += 2;
          continue;
        }
        const codePoint = parseInt(hex, 16);
        if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
          this.error('Invalid escape sequence', `Cannot encode character U+${codePoint.toString(16).padStart(4, '0')} in UTF-8.`, i, i + 2 + digits);
        }
        i += 2 + digits;
        continue;
      }
      const width = this.text.codePointAt(i + 1)! > 0xffff ? 2 : 1;
      this.error(
        'Invalid escape sequence',
        `The symbol ${JSON.stringify(this.text.slice(i + 1, i + 1 + width))} is not a valid escape sequence selector.`,
        i,
        i + 1 + width,
      );
      i += 1 + width;
    }
  }

  private nextBackslash(from: number, end: number): number {
    let i = from;
    while (i < end && this.text.charCodeAt(i) !== 92) i++;
    return i;
  }

  // ---- expressions ----------------------------------------------------------------------------------------------

  private parseExpression(): void {
    if (this.depth >= MAX_NESTING) {
      this.skipExpression();
      return;
    }
    this.depth++;
    try {
      this.parseConditional();
    } finally {
      this.depth--;
    }
  }

  private parseConditional(): void {
    let mark = this.diagnostics.length;
    this.parseBinary(1);
    if (this.recovery && this.failedSince(mark)) return;
    if (this.peek().type !== '?') return;
    this.read();
    mark = this.diagnostics.length;
    this.parseExpression();
    if (this.recovery && this.failedSince(mark)) return;
    const colon = this.peek();
    if (colon.type !== ':') {
      this.errorAt(
        'Missing false expression in conditional',
        'The conditional operator (...?...:...) requires a false expression, delimited by a colon.',
        colon,
      );
      return;
    }
    this.read();
    this.parseExpression();
  }

  /** Precedence climbing over hclsyntax's six binary operator levels; operands of one level are a loop. */
  private parseBinary(minLevel: number): void {
    let mark = this.diagnostics.length;
    this.parseOperand();
    if (this.recovery && this.failedSince(mark)) return;
    for (;;) {
      const level = PRECEDENCE[this.peek().type];
      if (level === undefined || level < minLevel) return;
      this.read();
      mark = this.diagnostics.length;
      this.parseBinary(level + 1);
      if (this.recovery && this.failedSince(mark)) return;
    }
  }

  private parseOperand(): void {
    // Unary operators apply to the operand with its traversals; reading them in a loop keeps `!!!!x` flat.
    while (this.peek().type === '-' || this.peek().type === '!') this.read();
    this.parseTerm();
    this.parseTraversals();
  }

  private parseTerm(): void {
    const start = this.peek();
    switch (start.type) {
      case '(': {
        this.read();
        this.pushNewlines(false);
        const mark = this.diagnostics.length;
        this.parseExpression();
        if (this.failedSince(mark)) {
          this.recover(')');
          this.popNewlines();
          return;
        }
        const close = this.peek();
        if (close.type !== ')') {
          this.errorAt('Unbalanced parentheses', 'Expected a closing parenthesis to terminate the expression.', close);
          this.recovery = true;
        }
        this.read();
        this.popNewlines();
        return;
      }
      case 'Number':
        this.read();
        return;
      case 'Ident': {
        const name = this.read();
        const next = this.peek().type;
        if (next === '(' || next === '::') this.finishFunctionCall(name);
        return;
      }
      case 'OQuote':
      case 'OHeredoc':
        this.read();
        this.parseTemplate(start.type === 'OQuote' ? 'CQuote' : 'CHeredoc');
        return;
      case '[':
        this.parseTuple();
        return;
      case '{':
        this.parseObject();
        return;
      default:
        if (!this.recovery) {
          if (start.type === 'EOF') {
            this.errorAt('Missing expression', 'Expected the start of an expression, but found the end of the file.', start);
          } else this.errorAt('Invalid expression', DETAIL.invalidExpression, start);
        }
        this.recovery = true;
    }
  }

  private parseTraversals(): void {
    for (;;) {
      const next = this.peek();
      if (next.type === '.') {
        this.read();
        const attr = this.peek();
        if (attr.type === 'Ident') this.read();
        else if (attr.type === 'Number') {
          this.read();
          const number = this.tokenText(attr);
          const dot = number.indexOf('.');
          if (dot >= 0) {
            this.errorAt(
              'Invalid legacy index syntax',
              `When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [${number.slice(0, dot)}][${number.slice(dot + 1)}].`,
              attr,
            );
          }
        } else if (attr.type === '*') {
          this.read();
          if (!this.parseAttributeSplatSteps()) continue;
        } else {
          this.errorAt('Invalid attribute name', 'An attribute name is required after a dot.', attr);
          this.recovery = true;
        }
      } else if (next.type === '[') {
        this.read();
        if (this.peek().type === '*') {
          this.read();
          const close = this.read();
          if (close.type !== ']' && !this.recovery) {
            this.errorAt(
              'Missing close bracket on splat index',
              'The star for a full splat operator must be immediately followed by a closing bracket ("]").',
              close,
            );
            this.recover(']');
          }
          continue;
        }
        this.pushNewlines(false);
        const mark = this.diagnostics.length;
        this.parseExpression();
        if (this.recovery && this.failedSince(mark)) this.recover(']');
        else {
          const close = this.read();
          if (close.type !== ']' && !this.recovery) {
            this.errorAt('Missing close bracket on index', 'The index operator must end with a closing bracket ("]").', close);
            this.recover(']');
          }
        }
        this.popNewlines();
      } else return;
    }
  }

  /** `.*.a.b`: returns false when it gave up (recovery), so the caller keeps looking for traversals. */
  private parseAttributeSplatSteps(): boolean {
    while (this.peek().type === '.') {
      this.read();
      const step = this.peek();
      if (step.type === 'Number') {
        this.read();
        const number = this.tokenText(step);
        const dot = number.indexOf('.');
        if (dot >= 0) {
          this.errorAt(
            'Invalid legacy index syntax',
            `When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax with a full splat expression [*] instead, like [${number.slice(0, dot)}][${number.slice(dot + 1)}].`,
            step,
          );
        }
        continue;
      }
      if (step.type !== 'Ident') {
        if (!this.recovery) {
          if (step.type === '*') {
            this.errorAt('Nested splat expression not allowed', 'A splat expression (*) cannot be used inside another attribute-only splat expression.', step);
          } else this.errorAt('Invalid attribute name', 'An attribute name is required after a dot.', step);
        }
        this.recovery = true;
        return false;
      }
      this.read();
    }
    return true;
  }

  private finishFunctionCall(name: Token): void {
    let open = this.read();
    while (open.type === '::') {
      const nextName = this.read();
      if (nextName.type !== 'Ident') {
        this.errorAt('Missing function name', 'Function scope resolution symbol :: must be followed by a function name in this scope.', nextName);
        this.recoverOver('(');
        return;
      }
      open = this.read();
    }
    if (open.type !== '(') {
      this.errorAt('Missing open parenthesis', 'Function selector must be followed by an open parenthesis to begin the function call.', open);
      this.recoverOver('(');
      return;
    }
    this.pushNewlines(false);
    try {
      for (;;) {
        if (this.peek().type === ')') {
          this.read();
          return;
        }
        const mark = this.diagnostics.length;
        this.parseExpression();
        if (this.recovery && this.failedSince(mark)) {
          this.recover(')');
          return;
        }
        const separator = this.read();
        if (separator.type === ')') return;
        if (separator.type === '...') {
          if (this.peek().type !== ')') {
            if (!this.recovery) {
              this.errorAt(
                'Missing closing parenthesis',
                'An expanded function argument (with ...) must be immediately followed by closing parentheses.',
                separator,
              );
            }
            this.recover(')');
          } else this.read();
          return;
        }
        if (separator.type !== ',') {
          if (separator.type === 'EOF') {
            this.error(
              'Unterminated function call',
              'There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.',
              name.start,
              open.end,
            );
          } else this.errorAt('Missing argument separator', 'A comma is required to separate each function argument from the next.', separator);
          this.recover(')');
          return;
        }
        if (this.peek().type === ')') {
          this.read();
          return;
        }
      }
    } finally {
      this.popNewlines();
    }
  }

  private parseTuple(): void {
    const open = this.read();
    this.pushNewlines(false);
    try {
      if (this.isKeyword(this.peek(), 'for')) {
        this.finishForExpression(']');
        return;
      }
      for (;;) {
        if (this.peek().type === ']') {
          this.read();
          return;
        }
        const mark = this.diagnostics.length;
        this.parseExpression();
        if (this.recovery && this.failedSince(mark)) {
          this.recover(']');
          return;
        }
        const next = this.peek();
        if (next.type === ']') {
          this.read();
          return;
        }
        if (next.type !== ',') {
          if (!this.recovery) {
            if (next.type === 'EOF') {
              this.errorAt(
                'Unterminated tuple constructor expression',
                'There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.',
                open,
              );
            } else this.errorAt('Missing item separator', 'Expected a comma to mark the beginning of the next item.', next);
          }
          this.recover(']');
          return;
        }
        this.read();
      }
    } finally {
      this.popNewlines();
    }
  }

  private parseObject(): void {
    const open = this.read();
    this.pushNewlines(false);
    const isFor = this.isKeyword(this.peek(), 'for');
    this.popNewlines();
    if (isFor) {
      this.pushNewlines(false);
      this.finishForExpression('}');
      this.popNewlines();
      return;
    }
    this.pushNewlines(true);
    try {
      for (;;) {
        let next = this.peek();
        if (next.type === 'Newline') {
          this.read();
          continue;
        }
        if (next.type === '}') {
          this.read();
          return;
        }
        let mark = this.diagnostics.length;
        this.parseExpression();
        if (this.recovery && this.failedSince(mark)) {
          this.recover('}');
          return;
        }
        next = this.peek();
        if (next.type !== '=' && next.type !== ':') {
          if (!this.recovery) {
            if (next.type === 'Newline' || next.type === ',') {
              this.errorAt('Missing attribute value', 'Expected an attribute value, introduced by an equals sign ("=").', next);
            } else if (next.type === 'Ident') {
              this.errorAt(
                'Missing key/value separator',
                'Expected an equals sign ("=") to mark the beginning of the attribute value. If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.',
                next,
              );
            } else if (next.type === 'EOF') {
              this.errorAt('Unterminated object constructor expression', DETAIL.unterminatedObject, open);
            } else {
              this.errorAt('Missing key/value separator', 'Expected an equals sign ("=") to mark the beginning of the attribute value.', next);
            }
          }
          this.recover('}');
          return;
        }
        this.read();
        mark = this.diagnostics.length;
        this.parseExpression();
        if (this.recovery && this.failedSince(mark)) {
          this.recover('}');
          return;
        }
        next = this.peek();
        if (next.type === '}') {
          this.read();
          return;
        }
        if (next.type !== ',' && next.type !== 'Newline') {
          if (!this.recovery) {
            if (next.type === 'EOF') this.errorAt('Unterminated object constructor expression', DETAIL.unterminatedObject, open);
            else this.errorAt('Missing attribute separator', 'Expected a newline or comma to mark the beginning of the next attribute.', next);
          }
          this.recover('}');
          return;
        }
        this.read();
      }
    } finally {
      this.popNewlines();
    }
  }

  private finishForExpression(close: ']' | '}'): void {
    this.pushNewlines(false);
    try {
      this.read(); // for
      const invalid = (detail: string): void => {
        if (!this.recovery) this.errorAt("Invalid 'for' expression", detail, this.peek());
        this.recover(close);
      };
      if (this.peek().type !== 'Ident') return invalid("For expression requires variable name after 'for'.");
      this.read();
      if (this.peek().type === ',') {
        this.read();
        if (this.peek().type !== 'Ident') return invalid('For expression requires value variable name after comma.');
        this.read();
      }
      if (!this.isKeyword(this.peek(), 'in')) return invalid("For expression requires the 'in' keyword after its name declarations.");
      this.read();
      let mark = this.diagnostics.length;
      this.parseExpression();
      if (this.recovery && this.failedSince(mark)) {
        this.recover(close);
        return;
      }
      if (this.peek().type !== ':') return invalid('For expression requires a colon after the collection expression.');
      this.read();
      mark = this.diagnostics.length;
      let valueStart = this.peek().start;
      this.parseExpression();
      let valueEnd = this.previous.end;
      let key: { start: number; end: number } | undefined;
      if (this.peek().type === '=>') {
        this.read();
        key = { start: valueStart, end: valueEnd };
        valueStart = this.peek().start;
        this.parseExpression();
        valueEnd = this.previous.end;
      }
      if (this.recovery && this.failedSince(mark)) {
        this.recover(close);
        return;
      }
      let ellipsis: Token | undefined;
      if (this.peek().type === '...') ellipsis = this.read();
      if (this.isKeyword(this.peek(), 'if')) {
        this.read();
        mark = this.diagnostics.length;
        this.parseExpression();
        if (this.recovery && this.failedSince(mark)) {
          this.recover(close);
          return;
        }
      }
      if (this.peek().type === close) this.read();
      else {
        if (!this.recovery) this.errorAt("Invalid 'for' expression", 'Extra characters after the end of the \'for\' expression.', this.peek());
        this.recover(close);
      }
      if (close === ']') {
        if (key) this.error("Invalid 'for' expression", 'Key expression is not valid when building a tuple.', key.start, key.end);
        if (ellipsis) this.errorAt("Invalid 'for' expression", 'Grouping ellipsis (...) cannot be used when building a tuple.', ellipsis);
      } else if (!key) {
        this.error("Invalid 'for' expression", 'Key expression is required when building an object.', valueStart, valueEnd);
      }
    } finally {
      this.popNewlines();
    }
  }

  // ---- templates ----------------------------------------------------------------------------------------------

  private parseTemplate(end: 'CQuote' | 'CHeredoc'): void {
    if (this.depth >= MAX_NESTING) {
      this.truncated = true;
      this.recoverBalancedWithoutDiagnostics(end);
      return;
    }
    this.depth++;
    try {
      this.parseTemplateParts(end);
    } finally {
      this.depth--;
    }
  }

  private recoverBalancedWithoutDiagnostics(end: TokenType): void {
    const saved = this.recovery;
    this.recover(end);
    this.recovery = saved;
  }

  private parseTemplateParts(end: 'CQuote' | 'CHeredoc'): void {
    const markers: TemplateMarker[] = [];
    const startToken = this.peek();
    for (;;) {
      const next = this.read();
      if (next.type === end) {
        markers.push({ kind: 'end', start: next.start, end: next.end });
        break;
      }
      if (next.type === 'QuotedLit') {
        this.checkEscapes(next);
        continue;
      }
      if (next.type === 'StringLit') continue;
      if (next.type === 'TemplateInterp') {
        this.pushNewlines(false);
        this.parseExpression();
        const close = this.peek();
        if (close.type !== 'TemplateSeqEnd') {
          if (!this.recovery) {
            if (close.type === 'EOF') {
              this.errorAt(
                'Unclosed template interpolation sequence',
                'There is no closing brace for this interpolation sequence before the end of the file. This might be caused by incorrect nesting inside the given expression.',
                startToken,
              );
            } else if (close.type === ':') {
              this.errorAt(
                'Extra characters after interpolation expression',
                'Template interpolation doesn\'t expect a colon at this location. Did you intend this to be a literal sequence to be processed as part of another language? If so, you can escape it by starting with "$${" instead of just "${".',
                close,
              );
            } else if ((close.type === 'CQuote' || close.type === 'OQuote') && end === 'CQuote') {
              this.errorAt(
                'Unclosed template interpolation sequence',
                'There is no closing brace for this interpolation sequence before the end of the quoted template. This might be caused by incorrect nesting inside the given expression.',
                startToken,
              );
            } else {
              this.errorAt(
                'Extra characters after interpolation expression',
                'Expected a closing brace to end the interpolation expression, but found extra characters. This can happen when you include interpolation syntax for another language, such as shell scripting, but forget to escape the interpolation start token. If this is an embedded sequence for another language, escape it by starting with "$${" instead of just "${".',
                close,
              );
            }
          }
          this.recover('TemplateSeqEnd');
        } else this.read();
        this.popNewlines();
        continue;
      }
      if (next.type === 'TemplateControl') {
        this.pushNewlines(false);
        this.parseDirective(next, markers);
        this.popNewlines();
        continue;
      }
      if (!this.recovery) this.errorAt('Unterminated template string', 'No closing marker was found for the string.', next);
      const final = this.recover(end);
      markers.push({ kind: 'end', start: final.start, end: final.end });
      break;
    }
    this.checkDirectiveBalance(markers);
  }

  private parseDirective(open: Token, markers: TemplateMarker[]): void {
    const keyword = this.peek();
    if (keyword.type !== 'Ident') {
      if (!this.recovery) {
        this.errorAt('Invalid template directive', 'A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.', keyword);
      }
      this.recover('TemplateSeqEnd');
      return;
    }
    this.read();
    const word = this.tokenText(keyword);
    const marker = (kind: TemplateMarker['kind']): void => {
      markers.push({ kind, start: open.start, end: this.peek().end });
    };
    switch (word) {
      case 'if':
        this.parseExpression();
        marker('if');
        break;
      case 'else':
      case 'endif':
      case 'endfor':
        marker(word);
        break;
      case 'for': {
        const invalid = (detail: string): void => {
          if (!this.recovery) this.errorAt("Invalid 'for' directive", detail, this.peek());
          this.recover('TemplateSeqEnd');
        };
        if (this.peek().type !== 'Ident') return invalid("For directive requires variable name after 'for'.");
        this.read();
        if (this.peek().type === ',') {
          this.read();
          if (this.peek().type !== 'Ident') return invalid('For directive requires value variable name after comma.');
          this.read();
        }
        if (!this.isKeyword(this.peek(), 'in')) return invalid("For directive requires 'in' keyword after names.");
        this.read();
        this.parseExpression();
        marker('for');
        break;
      }
      default: {
        if (!this.recovery) {
          const suggestion = suggestKeyword(word);
          this.errorAt(
            'Invalid template control keyword',
            `${JSON.stringify(word)} is not a valid template control keyword.${suggestion ? ` Did you mean ${JSON.stringify(suggestion)}?` : ''}`,
            keyword,
          );
        }
        this.recover('TemplateSeqEnd');
        return;
      }
    }
    const close = this.peek();
    if (close.type !== 'TemplateSeqEnd') {
      if (!this.recovery) {
        this.errorAt(`Extra characters in ${word} marker`, 'Expected a closing brace to end the sequence, but found extra characters.', close);
      }
      this.recover('TemplateSeqEnd');
    } else this.read();
  }

  /** hclsyntax's second template pass: if/else/endif and for/endfor must pair up. A stack, not recursion. */
  private checkDirectiveBalance(markers: readonly TemplateMarker[]): void {
    const open: { marker: TemplateMarker; inElse: boolean }[] = [];
    const at = (marker: TemplateMarker): string => this.describe(marker.start, marker.end);
    for (const marker of markers) {
      const top = open[open.length - 1];
      switch (marker.kind) {
        case 'if':
        case 'for':
          open.push({ marker, inElse: false });
          break;
        case 'else':
          if (!top) this.error('Unexpected else directive', DETAIL.unbalancedDirectives, marker.start, marker.end);
          else if (top.marker.kind === 'if' && !top.inElse) top.inElse = true;
          else {
            this.error(
              'Unexpected else directive',
              top.marker.kind === 'if' ? `Already in the else clause for the if started at ${at(top.marker)}.` : 'An else clause is not expected for a for directive.',
              marker.start,
              marker.end,
            );
            open.pop();
          }
          break;
        case 'endif':
        case 'endfor': {
          const expected = marker.kind === 'endif' ? 'if' : 'for';
          if (!top) this.error(`Unexpected ${marker.kind} directive`, DETAIL.unbalancedDirectives, marker.start, marker.end);
          else if (top.marker.kind !== expected) {
            this.error(
              `Unexpected ${marker.kind} directive`,
              top.marker.kind === 'if'
                ? `Expecting an endif directive for the if started at ${at(top.marker)}.`
                : `Expecting an endfor directive corresponding to the for directive at ${at(top.marker)}.`,
              marker.start,
              marker.end,
            );
          }
          if (top) open.pop();
          break;
        }
        case 'end':
          for (let i = open.length - 1; i >= 0; i--) {
            const unclosed = open[i].marker;
            this.error(
              'Unexpected end of template',
              `The ${unclosed.kind} directive at ${at(unclosed)} is missing its corresponding end${unclosed.kind} directive.`,
              marker.start,
              marker.end,
            );
          }
          return;
      }
    }
  }
}

function suggestKeyword(given: string): string | undefined {
  const candidates = ['if', 'for', 'else', 'endif', 'endfor'];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(given, candidate);
    if (distance < 3 && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
