// hclwrite's formatting passes (hcl 2.14, the engine behind `packer fmt`), restated over our own tokens. The format is
// purely token-based: only the whitespace before each token changes, never the tokens or the line breaks.
//
// Each line is split into up to three cells: `lead`, `assign` (from a single-line attribute's `=` onwards) and
// `comment` (a trailing line comment). Then:
//   1. indentation: two spaces per level, where a level opens on a line with a net surplus of brackets;
//   2. spacing inside each cell from the neighbouring token kinds;
//   3. alignment: runs of consecutive lines that have an `assign` cell line their `=` up, then runs of consecutive
//      lines with a `comment` cell line their comments up.
import type { Token, TokenType } from './lexer';

interface FormatLine {
  lead: Token[];
  assign: Token[] | undefined;
  comment: Token[] | undefined;
}

const OPENERS: ReadonlySet<TokenType> = new Set(['OBrace', 'OBrack', 'OParen', 'TemplateControl', 'TemplateInterp']);
const CLOSERS: ReadonlySet<TokenType> = new Set(['CBrace', 'CBrack', 'CParen', 'TemplateSeqEnd']);

function bracketChange(token: Token): number {
  if (OPENERS.has(token.type)) return 1;
  if (CLOSERS.has(token.type)) return -1;
  return 0;
}

/** Single-line comments carry their own line break, so they end a line just as a Newline token does. */
function endsLine(token: Token): boolean {
  return token.type === 'Newline' || (token.type === 'Comment' && token.text.endsWith('\n'));
}

/** Applies the passes to `tokens` (which must end with EOF) in place and returns the formatted text. */
export function layoutTokens(tokens: Token[]): string {
  const lines = splitLines(tokens);
  indentLines(lines);
  spaceCells(lines);
  alignCells(lines);
  let out = '';
  for (const token of tokens) out += ' '.repeat(token.spacesBefore) + token.text;
  return out;
}

function splitLines(tokens: Token[]): FormatLine[] {
  const lines: FormatLine[] = [];
  let lineStart = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 'EOF') {
      // EOF belongs to no line, so its spacesBefore (trailing blanks) is never rewritten.
      lines.push({ lead: tokens.slice(lineStart, i), assign: undefined, comment: undefined });
      break;
    }
    if (endsLine(token)) {
      lines.push({ lead: tokens.slice(lineStart, i + 1), assign: undefined, comment: undefined });
      lineStart = i + 1;
    }
  }

  for (const line of lines) {
    const lead = line.lead;
    if (lead.length === 0) continue;
    if (lead.length > 1 && lead[lead.length - 1].type === 'Comment') {
      line.comment = lead.slice(lead.length - 1);
      line.lead = lead.slice(0, lead.length - 1);
    }
    const equals = line.lead.findIndex((token, index) => index > 0 && token.type === 'Equal');
    if (equals === -1) continue;
    // Only a value that closes on this line joins the alignment; an opening bracket starts a multi-line value.
    let net = 0;
    for (let i = equals; i < line.lead.length; i++) net += bracketChange(line.lead[i]);
    if (net === 0) {
      line.assign = line.lead.slice(equals);
      line.lead = line.lead.slice(0, equals);
    }
  }
  return lines;
}

function indentLines(lines: FormatLine[]): void {
  // Each entry is how many brackets one indented level opened, so lopsided lines (`}, {`, `])`) do not drift.
  const levels: number[] = [];
  for (const line of lines) {
    if (line.lead.length === 0) continue;
    const first = line.lead[0];
    if (first.type === 'Newline') {
      first.spacesBefore = 0;
      continue;
    }
    let net = 0;
    for (const token of line.lead) {
      net += bracketChange(token);
      // A heredoc's body belongs to the string, not to the surrounding structure.
      if (token.type === 'OHeredoc') break;
    }
    for (const token of line.assign ?? []) net += bracketChange(token);

    if (net > 0) {
      first.spacesBefore = 2 * levels.length;
      levels.push(net);
      continue;
    }
    let closed = -net;
    while (closed > 0 && levels.length > 0) {
      const top = levels[levels.length - 1];
      if (closed >= top) {
        closed -= top;
        levels.pop();
      } else {
        levels[levels.length - 1] = top - closed;
        closed = 0;
      }
    }
    first.spacesBefore = 2 * levels.length;
  }
}

const NIL: Token = { type: 'EOF', text: '', start: 0, end: 0, spacesBefore: 0 };

function spaceCells(lines: FormatLine[]): void {
  for (const line of lines) {
    spaceCell(line.lead);
    if (line.assign) {
      line.assign[0].spacesBefore = 1;
      spaceCell(line.assign);
    }
  }
}

function spaceCell(cell: Token[]): void {
  for (let i = 0; i + 1 < cell.length; i++) {
    const before = i > 0 ? cell[i - 1] : NIL;
    cell[i + 1].spacesBefore = spaceAfter(cell[i], before, cell[i + 1]) ? 1 : 0;
  }
}

const TEMPLATE_TEXT: ReadonlySet<TokenType> = new Set(['QuotedLit', 'StringLit']);
/** After these, a `-` cannot end an operand, so it is a negation and hugs what follows. */
const NEGATION_CONTEXT: ReadonlySet<TokenType> = new Set([
  'OParen',
  'OBrace',
  'OBrack',
  'Equal',
  'Colon',
  'Comma',
  'Question',
  'Plus',
  'Star',
  'Slash',
  'Percent',
  'Minus',
  'EqualOp',
  'NotEqual',
  'GreaterThan',
  'GreaterThanEq',
  'LessThan',
  'LessThanEq',
  'And',
  'Or',
  'Bang',
]);

/** Whether `subject` is followed by one space; `before` is NIL at the start of a cell, `after` is never NIL. */
function spaceAfter(subject: Token, before: Token, after: Token): boolean {
  const s = subject.type;
  const a = after.type;
  if (a === 'Newline') return false;
  if (s === 'Ident' && a === 'OParen') return false;
  if ((s === 'Ident' && a === 'DoubleColon') || (s === 'DoubleColon' && a === 'Ident')) return false;
  if (s === 'Dot' || a === 'Dot') return false;
  if (a === 'Comma' || a === 'Ellipsis') return false;
  if (s === 'Comma') return true;
  if (TEMPLATE_TEXT.has(s) || s === 'OQuote' || s === 'OHeredoc') return false;
  if (TEMPLATE_TEXT.has(a) || a === 'CQuote' || a === 'CHeredoc') return false;
  // `[for x in [foo]: x]`: `in` is the keyword here, not a reference being indexed.
  if (s === 'Ident' && subject.text === 'in' && before.type === 'Ident') return true;
  if (a === 'OBrack' && (s === 'Ident' || s === 'NumberLit' || bracketChange(subject) < 0)) return false;
  if (s === 'Bang') return false;
  if (s === 'Minus') return before !== NIL && !NEGATION_CONTEXT.has(before.type);
  if (s === 'OBrace' || a === 'CBrace') return !(s === 'OBrace' && a === 'CBrace');
  // An interpolation holding just an object constructor keeps `${ {` and `} }` apart to stay readable.
  if ((s === 'TemplateInterp' || s === 'TemplateControl') && a === 'OBrace') return true;
  if (s === 'CBrace' && a === 'TemplateSeqEnd') return true;
  if (s === 'TemplateSeqEnd' && (a === 'TemplateInterp' || a === 'TemplateControl')) return false;
  if (bracketChange(subject) > 0) return false;
  if (bracketChange(after) < 0) return false;
  return true;
}

/** Display width as hclwrite measures it: spaces plus grapheme clusters. */
function columns(cell: Token[] | undefined): number {
  if (!cell) return 0;
  let total = 0;
  for (const token of cell) total += token.spacesBefore + graphemeCount(token.text);
  return total;
}

let segmenter: Intl.Segmenter | undefined;

function graphemeCount(text: string): number {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let count = 0;
  for (const _segment of segmenter.segment(text)) count++;
  return count;
}

function alignCells(lines: FormatLine[]): void {
  alignRuns(
    lines,
    (line) => line.assign,
    (line) => columns(line.lead),
  );
  alignRuns(
    lines,
    (line) => line.comment,
    (line) => columns(line.lead) + columns(line.assign),
  );
}

/** Pads the first token of `cell` on each run of consecutive lines that have one, to one column past the widest. */
function alignRuns(
  lines: FormatLine[],
  cell: (line: FormatLine) => Token[] | undefined,
  width: (line: FormatLine) => number,
): void {
  let runStart = -1;
  let widest = 0;
  const close = (end: number): void => {
    for (let i = runStart; i < end; i++) {
      const line = lines[i];
      cell(line)![0].spacesBefore = widest - width(line) + 1;
    }
    runStart = -1;
    widest = 0;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!cell(line)) {
      if (runStart !== -1) close(i);
      continue;
    }
    if (runStart === -1) runStart = i;
    widest = Math.max(widest, width(line));
  }
  if (runStart !== -1) close(lines.length);
}
