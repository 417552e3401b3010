// The raw output of one build as the log view shows it: plain lines plus their colour spans, bounded (the oldest
// lines go first; the log file keeps everything), and a map from the server's line numbers to this view's lines so
// that a tree row can scroll the output to where its step began. Pure: no `vscode`.
import { parseAnsi } from './ansi';
import type { AnsiSpan } from './ansi';

export const OUTPUT_VIEW_LINES = 20_000;

interface Anchor {
  /** The server's number of the batch's first line. */
  server: number;
  /** Its place among every line this buffer ever held. */
  absolute: number;
  count: number;
}

export class BuildOutputBuffer {
  private lines: string[] = [];
  private spans: (AnsiSpan[] | undefined)[] = [];
  /** Lines dropped from the start to stay within maxLines. */
  private trimmed = 0;
  private anchors: Anchor[] = [];
  private changed = false;

  constructor(private readonly maxLines = OUTPUT_VIEW_LINES) {}

  /** Appends one `log` event's lines (with the number of its first line, and how many the server left out after them). */
  append(lines: readonly string[], firstLine?: number, dropped?: number): void {
    const absolute = this.trimmed + this.lines.length;
    if (firstLine !== undefined) this.anchors.push({ server: firstLine, absolute, count: lines.length });
    for (const line of lines) {
      const parsed = parseAnsi(line);
      this.lines.push(parsed.text);
      this.spans.push(parsed.spans.length ? parsed.spans : undefined);
    }
    if (dropped) {
      this.lines.push(`… ${dropped} lines not shown here (output faster than a view can follow): Open Log has them all`);
      this.spans.push([{ start: 0, end: this.lines[this.lines.length - 1]!.length, dim: true }]);
    }
    this.changed = true;
    if (this.lines.length > this.maxLines) this.trim(this.lines.length - Math.floor(this.maxLines * 0.75));
  }

  /** Appends a note of the view's own (build started, server stopped), not from the server's output. */
  note(text: string): void {
    this.lines.push(text);
    this.spans.push([{ start: 0, end: text.length, bold: true }]);
    this.changed = true;
  }

  private trim(count: number): void {
    this.lines.splice(0, count);
    this.spans.splice(0, count);
    this.trimmed += count;
    this.anchors = this.anchors.filter((anchor) => anchor.absolute + anchor.count > this.trimmed);
  }

  /** Lines before the buffer's own: one header saying that older lines were left out. */
  private get header(): number {
    return this.trimmed > 0 ? 1 : 0;
  }

  get lineCount(): number {
    return this.header + this.lines.length;
  }

  /** True once since the last call when lines were added: what decides whether the view refreshes. */
  takeChanged(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  text(): string {
    const header = this.header ? [`… ${this.trimmed} earlier lines are only in the log file (Open Log)`] : [];
    return [...header, ...this.lines].join('\n');
  }

  /** The view line showing the server's line `serverLine`, or undefined when it has been trimmed away. */
  viewLine(serverLine: number): number | undefined {
    let anchor: Anchor | undefined;
    for (let i = this.anchors.length - 1; i >= 0; i--) {
      if (this.anchors[i]!.server <= serverLine) {
        anchor = this.anchors[i];
        break;
      }
    }
    if (!anchor) return undefined;
    const offset = serverLine - anchor.server;
    // Past the batch's lines: the server left them out; the note line after the batch stands for them.
    const absolute = anchor.absolute + Math.min(offset, anchor.count);
    if (absolute < this.trimmed) return undefined;
    return Math.min(absolute - this.trimmed + this.header, this.lineCount - 1);
  }

  /** Styled ranges by view line, for the view's decorations. */
  *styledRanges(): Generator<{ line: number; span: AnsiSpan }> {
    for (let index = 0; index < this.spans.length; index++) {
      for (const span of this.spans[index] ?? []) yield { line: index + this.header, span };
    }
  }
}
