// Where the cursor is in a Packer template, read from hclsyntax's tokens rather than from tree-sitter's tree: while a
// person types, the text is briefly invalid and tree-sitter's error recovery often puts the cursor at the top level
// (an unclosed `{`, a lone word in a block). Brace structure, labels and `=` are enough to know the enclosing block
// path and what kind of thing is being typed. One function serves completion, hover and signature help.
import { scanTokens } from '../hcl/syntax/scanner';
import type { Token } from '../hcl/syntax/scanner';
import { fileBody } from '../parsing/nodes';
import type { SyntaxTree } from '../parsing/treeSitter';

export interface BlockFrame {
  type: string;
  /** Label values as written (quotes removed, no unescaping: labels with escapes are rare and never schema keys). */
  labels: string[];
  /** Offset of the block's type identifier. */
  start: number;
}

export type ExpressionFrame =
  | { kind: 'list'; open: number; index: number }
  | { kind: 'object'; open: number; key?: string; inValue: boolean }
  | { kind: 'call'; open: number; name: string; argument: number }
  | { kind: 'parens'; open: number }
  | { kind: 'string'; open: number; heredoc: boolean }
  | { kind: 'template'; open: number };

export type PositionKind =
  /** Where a body item starts: an attribute or nested block name. */
  | 'name'
  /** After a block type, where a (quoted or bare) label goes. */
  | 'label'
  /** Directly after `name =`. */
  | 'value'
  /** Inside a quoted string or heredoc of a value, outside `${…}`. */
  | 'string'
  /** Inside `${…}` / `%{…}` of a string. */
  | 'template'
  | 'argument'
  | 'object-key'
  | 'object-value'
  | 'list-element'
  /** A comment, or text the structure cannot place (a malformed item). */
  | 'none';

export interface CursorContext {
  kind: PositionKind;
  /** Enclosing blocks, outermost first. */
  blocks: BlockFrame[];
  /** The body item the cursor is in: the attribute being assigned (value kinds) or the block being declared (label). */
  item?: { name: string; start: number; labels: string[] };
  /** For `label`: which label (0 = the first). */
  labelIndex: number;
  /** For `label`: whether the cursor is inside the label's quotes. */
  quoted: boolean;
  /** Open expressions around the cursor inside the item's value, outermost first. */
  expressions: ExpressionFrame[];
  /** The text being typed right before the cursor (an identifier, or a string's or label's content so far). */
  prefix: string;
  prefixStart: number;
  /** Names of the other items of the innermost body (attributes and blocks, before and after the cursor). */
  siblingNames: string[];
}

type ItemState = 'start' | 'header' | 'value' | 'skip';

interface BodyFrame {
  kind: 'body';
  block?: BlockFrame;
  state: ItemState;
  item?: { name: string; start: number; labels: string[] };
  /** An open quoted label of the item's header. */
  label?: { open: number; text: string };
  names: string[];
}

type Frame = BodyFrame | ExpressionFrame;

/** A file with this many unterminated strings before the cursor is not being typed into; stop re-reading it. */
const MAX_RESCANS = 16;

/**
 * The context at `offset`. `tree`, when given, lets the scan start at the top-level item around the cursor instead of
 * the file's start, if tree-sitter parsed everything before that item without error.
 */
export function cursorContext(text: string, offset: number, tree?: SyntaxTree): CursorContext {
  const start = tree ? scanStartFor(tree, text, offset) : text.length > EXACT_SCAN_LIMIT ? headerLineBefore(text, offset) : 0;
  const reader = new StructureReader(text, offset);
  reader.read(start);
  return reader.result();
}

/**
 * Without a tree, texts up to this size are read from their start (a 22 KB template in well under a millisecond);
 * past it the reading starts at the nearest top-level block header before the cursor (see headerLineBefore).
 */
const EXACT_SCAN_LIMIT = 64 * 1024;
/** `name "label" label {` at the start of a line: how a formatted template opens a top-level block. */
const TOP_LEVEL_HEADER = /^[\p{ID_Start}_][\p{ID_Continue}-]*(?:[ \t]+(?:"[^"\n]*"|[\p{ID_Start}_][\p{ID_Continue}-]*))*[ \t]*\{[ \t]*\r?$/u;

/**
 * The start of the last line before `offset` that opens a top-level block, or 0. Only a heredoc or block comment
 * holding such a line at column 0 could mislead it; in a megabyte template that risk buys a hundredfold faster answer.
 */
function headerLineBefore(text: string, offset: number): number {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  while (lineStart > 0) {
    const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const code = text.charCodeAt(previousStart);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13 && code !== 35 && code !== 47 && code !== 125) {
      const line = text.slice(previousStart, lineStart - 1);
      if (TOP_LEVEL_HEADER.test(line)) return previousStart;
    }
    lineStart = previousStart;
  }
  return 0;
}

/** The start of the top-level item containing `offset`, when every item before it parsed cleanly; 0 otherwise. */
function scanStartFor(tree: SyntaxTree, text: string, offset: number): number {
  const root = tree.rootNode;
  const body = fileBody(tree);
  if (!body || root.childCount !== 1) return 0;
  let start = 0;
  for (const child of body.children) {
    if (!child || child.startIndex > offset) break;
    const atLineStart = child.startIndex === 0 || text.charCodeAt(child.startIndex - 1) === 10;
    if (atLineStart && child.type !== 'comment') start = child.startIndex;
    if (child.hasError) break;
  }
  return start;
}

class StructureReader {
  private readonly stack: Frame[] = [{ kind: 'body', state: 'start', names: [] }];
  private prefix = '';
  private prefixStart: number;
  private inComment = false;
  /** The body frame that was innermost at the cursor; reading goes on to collect its other item names. */
  private cursorBody: BodyFrame | undefined;
  private snapshot: { stack: Frame[]; item: BodyFrame['item'] } | undefined;

  constructor(
    private readonly text: string,
    private readonly offset: number,
  ) {
    this.prefixStart = offset;
  }

  read(from: number): void {
    let scanFrom = from;
    for (let rescans = 0; ; rescans++) {
      const resumeAt = this.readTokens(this.tokensFrom(scanFrom));
      if (resumeAt === undefined || rescans >= MAX_RESCANS) return;
      scanFrom = resumeAt;
    }
  }

  private tokensFrom(from: number): Token[] {
    const cursor = this.offset;
    // After the cursor only the rest of the innermost body matters; the first top-level boundary past it ends that.
    return scanTokens(this.text, { doubleColon: true, from, onBoundary: (boundary) => boundary > cursor });
  }

  /** Feeds tokens; returns where to scan again when an unterminated quoted string left the scanner in string mode. */
  private readTokens(tokens: Token[]): number | undefined {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type === 'EOF') break;
      if (!this.snapshot && token.end >= this.offset && this.atCursor(token)) {
        this.takeSnapshot();
        if (this.cursorBody === undefined) return undefined;
      }
      if (this.snapshot && this.stack.indexOf(this.cursorBody!) === -1) return undefined;
      if (token.type === 'QuotedNewline') {
        // hclsyntax's scanner stays in the string; a person who has not closed a quote yet means it to end here.
        this.closeUnterminatedString();
        return token.end;
      }
      this.feed(token, tokens[i - 1]);
    }
    if (!this.snapshot) this.takeSnapshot();
    return undefined;
  }

  /**
   * True when the cursor is at or inside `token` (it has not been fed yet). Sets the prefix: a word, or string content,
   * that ends at the cursor.
   */
  private atCursor(token: Token): boolean {
    const cursor = this.offset;
    if (token.start > cursor) return true;
    if (token.start === cursor) return token.type !== 'QuotedLit' && token.type !== 'StringLit' ? true : this.setStringPrefix(token);
    // The token starts before the cursor and ends at or after it.
    switch (token.type) {
      case 'Ident':
      case 'Number':
        this.prefix = this.text.slice(token.start, cursor);
        this.prefixStart = token.start;
        return true;
      case 'QuotedLit':
      case 'StringLit':
        return this.setStringPrefix(token);
      case 'Comment': {
        // A line comment without its newline (the file's last line) still holds a cursor at its end; `*/` does not.
        const lineComment = this.text.charCodeAt(token.start) === 35 || this.text.charCodeAt(token.start + 1) === 47;
        this.inComment = token.end > cursor || (lineComment && !this.endsLine(token));
        return this.inComment;
      }
      default:
        // `"`, `{`, `[`, `=`, … that end right at the cursor are complete: the cursor is after them.
        return token.end > cursor;
    }
  }

  private setStringPrefix(token: Token): boolean {
    const top = this.stack[this.stack.length - 1]!;
    const contentStart = top.kind === 'body' && top.label ? top.label.open + 1 : token.start;
    this.prefix = this.text.slice(contentStart, this.offset);
    this.prefixStart = contentStart;
    return true;
  }

  private takeSnapshot(): void {
    const body = this.innermostBody();
    this.cursorBody = body;
    this.snapshot = { stack: this.stack.map((frame) => ({ ...frame }) as Frame), item: body.item && { ...body.item, labels: [...body.item.labels] } };
    // The item being typed is not a sibling of itself.
    body.state = 'skip';
    body.item = undefined;
    body.label = undefined;
  }

  result(): CursorContext {
    const stack = this.snapshot?.stack ?? this.stack;
    const bodies = stack.filter((frame): frame is BodyFrame => frame.kind === 'body');
    const body = bodies[bodies.length - 1]!;
    const blocks = bodies.flatMap((frame) => (frame.block ? [frame.block] : []));
    const bodyIndex = stack.lastIndexOf(body);
    const expressions = stack.slice(bodyIndex + 1) as ExpressionFrame[];
    const item = this.snapshot?.item;
    const siblingNames = this.cursorBody?.names ?? [];
    const base: CursorContext = {
      kind: 'none',
      blocks,
      item: item && { ...item },
      labelIndex: 0,
      quoted: false,
      expressions,
      prefix: this.prefix,
      prefixStart: this.prefixStart,
      siblingNames,
    };
    if (this.inComment) return base;
    const top = expressions[expressions.length - 1];
    if (!top) {
      if (body.label) return { ...base, kind: 'label', labelIndex: item?.labels.length ?? 0, quoted: true };
      if (body.state === 'start') return { ...base, kind: 'name', item: undefined };
      if (body.state === 'header') return { ...base, kind: 'label', labelIndex: item?.labels.length ?? 0 };
      if (body.state === 'value') return { ...base, kind: 'value' };
      return base;
    }
    switch (top.kind) {
      case 'list':
        return { ...base, kind: 'list-element' };
      case 'object':
        return { ...base, kind: top.inValue ? 'object-value' : 'object-key' };
      case 'call':
        return { ...base, kind: 'argument' };
      case 'parens':
        return { ...base, kind: 'value' };
      case 'string':
        return { ...base, kind: 'string' };
      case 'template':
        return { ...base, kind: 'template' };
    }
  }

  private innermostBody(): BodyFrame {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const frame = this.stack[i]!;
      if (frame.kind === 'body') return frame;
    }
    return this.stack[0] as BodyFrame;
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  private closeUnterminatedString(): void {
    const top = this.top();
    if (top.kind === 'body' && top.label) {
      top.label = undefined;
      top.state = 'start';
      return;
    }
    // The string and whatever it was part of end with the line, like an attribute does.
    const body = this.innermostBody();
    this.stack.length = this.stack.lastIndexOf(body) + 1;
    this.endItem(body);
  }

  private endItem(body: BodyFrame): void {
    if (body.item && (body.state === 'value' || body.state === 'header')) body.names.push(body.item.name);
    body.state = 'start';
    body.item = undefined;
    body.label = undefined;
  }

  private feed(token: Token, previous: Token | undefined): void {
    const top = this.top();
    if (top.kind === 'body') {
      this.feedBody(top, token, previous);
      return;
    }
    if (top.kind === 'string') {
      if (token.type === 'CQuote' || token.type === 'CHeredoc') this.stack.pop();
      else if (token.type === 'TemplateInterp' || token.type === 'TemplateControl') this.stack.push({ kind: 'template', open: token.start });
      return;
    }
    if (top.kind === 'template' && token.type === 'TemplateSeqEnd') {
      this.stack.pop();
      return;
    }
    this.feedExpression(token, previous);
  }

  private feedBody(body: BodyFrame, token: Token, previous: Token | undefined): void {
    if (body.label) {
      if (token.type === 'CQuote') {
        body.item?.labels.push(body.label.text);
        body.label = undefined;
      } else if (token.type === 'QuotedLit') body.label.text += this.text.slice(token.start, token.end);
      return;
    }
    switch (body.state) {
      case 'start':
        if (token.type === 'Ident') {
          body.item = { name: this.text.slice(token.start, token.end), start: token.start, labels: [] };
          body.state = 'header';
        } else if (token.type === '}') this.closeBody(body);
        else if (token.type !== 'Newline' && token.type !== 'Comment') body.state = 'skip';
        return;
      case 'header':
        if (token.type === '=') body.state = 'value';
        else if (token.type === 'OQuote') body.label = { open: token.start, text: '' };
        else if (token.type === 'Ident') body.item?.labels.push(this.text.slice(token.start, token.end));
        else if (token.type === '{') this.openBlock(body);
        else if (token.type === 'Newline' || (token.type === 'Comment' && this.endsLine(token))) this.endItem(body);
        else if (token.type === '}') {
          this.endItem(body);
          this.closeBody(body);
        } else body.state = 'skip';
        return;
      case 'value':
      case 'skip':
        if (token.type === 'Newline' || (token.type === 'Comment' && this.endsLine(token))) this.endItem(body);
        else this.feedExpression(token, previous);
    }
  }

  private endsLine(token: Token): boolean {
    return this.text.charCodeAt(token.end - 1) === 10;
  }

  private openBlock(body: BodyFrame): void {
    const item = body.item!;
    body.names.push(item.name);
    this.stack.push({ kind: 'body', block: { type: item.name, labels: item.labels, start: item.start }, state: 'start', names: [] });
  }

  /** `}` at a body: the block ends; the parent's item (the block) is complete. The file's body never closes. */
  private closeBody(body: BodyFrame): void {
    if (!body.block) return;
    this.stack.pop();
    const parent = this.innermostBody();
    parent.state = 'start';
    parent.item = undefined;
  }

  private feedExpression(token: Token, previous: Token | undefined): void {
    const top = this.top();
    switch (token.type) {
      case '[':
        this.stack.push({ kind: 'list', open: token.start, index: 0 });
        return;
      case '{':
        this.stack.push({ kind: 'object', open: token.start, inValue: false });
        return;
      case '(':
        if (previous?.type === 'Ident' && previous.end === token.start) {
          this.stack.push({ kind: 'call', open: token.start, name: this.text.slice(previous.start, previous.end), argument: 0 });
        } else this.stack.push({ kind: 'parens', open: token.start });
        return;
      case 'OQuote':
        this.stack.push({ kind: 'string', open: token.start, heredoc: false });
        return;
      case 'OHeredoc':
        this.stack.push({ kind: 'string', open: token.start, heredoc: true });
        return;
      case ']':
        this.popUntil((frame) => frame.kind === 'list');
        return;
      case ')':
        this.popUntil((frame) => frame.kind === 'call' || frame.kind === 'parens');
        return;
      case '}':
        // An object's end; with no object open, a bracket was left unclosed and the `}` ends the block.
        if (!this.popUntil((frame) => frame.kind === 'object')) {
          const body = this.innermostBody();
          this.stack.length = this.stack.lastIndexOf(body) + 1;
          this.endItem(body);
          this.closeBody(body);
        }
        return;
      case ',':
        if (top.kind === 'list') top.index++;
        else if (top.kind === 'call') top.argument++;
        else if (top.kind === 'object') this.nextObjectEntry(top);
        return;
      case 'Newline':
        if (top.kind === 'object') this.nextObjectEntry(top);
        return;
      case '=':
      case ':':
        if (top.kind === 'object' && !top.inValue) top.inValue = true;
        return;
      case 'Ident':
        if (top.kind === 'object' && !top.inValue) top.key = this.text.slice(token.start, token.end);
        return;
      case 'TemplateSeqEnd':
        this.popUntil((frame) => frame.kind === 'template');
        return;
      default:
        return;
    }
  }

  private nextObjectEntry(object: ExpressionFrame & { kind: 'object' }): void {
    object.inValue = false;
    object.key = undefined;
  }

  /** Pops expression frames up to and including the first that matches; false (and nothing popped) if none does. */
  private popUntil(matches: (frame: ExpressionFrame) => boolean): boolean {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const frame = this.stack[i]!;
      if (frame.kind === 'body') return false;
      if (matches(frame)) {
        this.stack.length = i;
        return true;
      }
    }
    return false;
  }
}
