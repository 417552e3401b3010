// SGR colour codes in build output → plain text plus styled spans, so an editor can show the colours as decorations
// (editors do not render ANSI). Only what the server's colouring and common tools use: 8/16 colours, bold, dim, reset.
export type AnsiColour = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan';

export interface AnsiStyle {
  colour?: AnsiColour;
  bold?: boolean;
  dim?: boolean;
}

export interface AnsiSpan extends AnsiStyle {
  start: number;
  end: number;
}

const COLOURS: Record<number, AnsiColour> = { 31: 'red', 32: 'green', 33: 'yellow', 34: 'blue', 35: 'magenta', 36: 'cyan', 91: 'red', 92: 'green', 93: 'yellow', 94: 'blue', 95: 'magenta', 96: 'cyan' };
/** One escape sequence at the start of the text: CSI (colours, erase), OSC, or a two-character escape. */
const SEQUENCE_AT = /^(?:\x1b\[([0-9;]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_])/;

function applyCodes(style: AnsiStyle, codes: string): AnsiStyle {
  const next = { ...style };
  for (const part of codes === '' ? ['0'] : codes.split(';')) {
    const code = Number(part);
    if (code === 0) {
      delete next.colour;
      delete next.bold;
      delete next.dim;
    } else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 22) {
      delete next.bold;
      delete next.dim;
    } else if (code === 39) delete next.colour;
    else if (COLOURS[code]) next.colour = COLOURS[code];
  }
  return next;
}

const styled = (style: AnsiStyle) => style.colour !== undefined || style.bold === true || style.dim === true;

/** The line without escape sequences, and the styled ranges of that plain text. A hand-written scan: the view
 * parses every line it shows, and a regular expression per line costs several times more. */
export function parseAnsi(line: string): { text: string; spans: AnsiSpan[] } {
  if (!line.includes('\x1b')) return { text: line, spans: [] };
  let text = '';
  let style: AnsiStyle = {};
  const spans: AnsiSpan[] = [];
  let spanStart = 0;
  let from = 0;
  for (let escape = line.indexOf('\x1b', from); escape !== -1; escape = line.indexOf('\x1b', from)) {
    text += line.slice(from, escape);
    const sequence = SEQUENCE_AT.exec(line.slice(escape, escape + 64));
    if (!sequence) {
      from = escape + 1;
      continue;
    }
    from = escape + sequence[0].length;
    if (sequence[2] !== 'm') continue;
    if (text.length > spanStart && styled(style)) spans.push({ start: spanStart, end: text.length, ...style });
    style = applyCodes(style, sequence[1] ?? '');
    spanStart = text.length;
  }
  text += line.slice(from);
  if (text.length > spanStart && styled(style)) spans.push({ start: spanStart, end: text.length, ...style });
  return { text, spans };
}

/** A stable key per distinct style, for one decoration type each. */
export function styleKey(style: AnsiStyle): string {
  return `${style.colour ?? '-'}${style.bold ? 'b' : ''}${style.dim ? 'd' : ''}`;
}
