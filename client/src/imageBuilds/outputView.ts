// The raw output of a build as one read-only "Build Output" document beside the tree: it shows the build that started
// last or whose row was selected, streams as the build prints (following the end unless the person scrolled up), is
// coloured from the ANSI codes the server adds, and scrolls to a step's first line when its row is selected. A document
// rather than a terminal because an extension cannot scroll a terminal to a line.
import * as vscode from 'vscode';
import { styleKey } from './ansi';
import type { AnsiColour, AnsiStyle } from './ansi';
import type { BuildController } from './controller';

export const OUTPUT_SCHEME = 'bilder-build-output';
const OUTPUT_URI = vscode.Uri.from({ scheme: OUTPUT_SCHEME, path: '/Build Output' });

const THEME_COLOUR: Record<AnsiColour, string> = {
  red: 'terminal.ansiRed',
  green: 'terminal.ansiGreen',
  yellow: 'terminal.ansiYellow',
  blue: 'terminal.ansiBlue',
  magenta: 'terminal.ansiMagenta',
  cyan: 'terminal.ansiCyan',
};

export class BuildOutputView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly decorations = new Map<string, vscode.TextEditorDecorationType>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The build whose output the document shows. */
  private shown: string | undefined;
  /** Whether the document follows the end: until the person scrolls up or picks a line to read. */
  private following = true;

  constructor(private readonly controller: BuildController) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, this),
      controller.onDidChange(() => this.refresh()),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => this.decorate(editor))),
      vscode.window.onDidChangeTextEditorVisibleRanges(({ textEditor }) => {
        if (textEditor.document.uri.scheme !== OUTPUT_SCHEME) return;
        const last = textEditor.visibleRanges.at(-1)?.end.line ?? 0;
        this.following = last >= textEditor.document.lineCount - 2;
      }),
      vscode.workspace.onDidChangeTextDocument(({ document }) => {
        if (document.uri.scheme !== OUTPUT_SCHEME) return;
        for (const editor of this.editors()) {
          this.decorate(editor);
          if (this.following) editor.revealRange(new vscode.Range(document.lineCount - 1, 0, document.lineCount - 1, 0), vscode.TextEditorRevealType.Default);
        }
      }),
    );
  }

  get shownBuild(): string | undefined {
    return this.shown;
  }

  private editors(): vscode.TextEditor[] {
    return vscode.window.visibleTextEditors.filter((editor) => editor.document.uri.scheme === OUTPUT_SCHEME);
  }

  provideTextDocumentContent(): string {
    if (!this.shown) return 'No build selected: run Bilder: Build Image, or select a build in the Bilder Builds panel.';
    const buffer = this.controller.outputs.get(this.shown);
    if (buffer) return buffer.text();
    const record = this.controller.records.get(this.shown);
    return record
      ? `The output of ${record.label} was not kept across the reload: Open Log shows all of it (${record.logFile}).`
      : 'This build is no longer in the history.';
  }

  private refresh(): void {
    if (this.shown && this.controller.outputs.get(this.shown)?.takeChanged()) this.changed.fire(OUTPUT_URI);
  }

  /** Shows a build's output beside the current editor, without taking the focus; at `line` (the server's numbering). */
  async show(buildId: string, options: { line?: number; preserveFocus?: boolean } = {}): Promise<vscode.TextEditor | undefined> {
    if (!this.controller.records.has(buildId)) return undefined;
    if (this.shown !== buildId) {
      this.shown = buildId;
      this.controller.outputs.get(buildId)?.takeChanged();
      this.changed.fire(OUTPUT_URI);
    }
    const document = await vscode.workspace.openTextDocument(OUTPUT_URI);
    // The content provider answers asynchronously: wait until the document holds the build's lines.
    if (document.getText() !== this.provideTextDocumentContent()) {
      await new Promise<void>((resolve) => {
        const done = vscode.workspace.onDidChangeTextDocument((change) => {
          if (change.document !== document) return;
          done.dispose();
          resolve();
        });
        setTimeout(() => {
          done.dispose();
          resolve();
        }, 1000);
      });
    }
    const open = this.editors()[0];
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: open?.viewColumn ?? vscode.ViewColumn.Beside,
      preserveFocus: options.preserveFocus ?? true,
      preview: false,
    });
    this.decorate(editor);
    const viewLine = options.line === undefined ? undefined : this.controller.outputs.get(buildId)?.viewLine(options.line);
    if (viewLine !== undefined && viewLine < document.lineCount) {
      // The person chose a place to read: stop following the end until they scroll back down.
      this.following = false;
      const start = new vscode.Position(viewLine, 0);
      editor.selection = new vscode.Selection(start, start);
      editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.AtTop);
    } else {
      this.following = true;
      editor.revealRange(new vscode.Range(document.lineCount - 1, 0, document.lineCount - 1, 0));
    }
    return editor;
  }

  private decorationFor(style: AnsiStyle): vscode.TextEditorDecorationType {
    const key = styleKey(style);
    let type = this.decorations.get(key);
    if (!type) {
      type = vscode.window.createTextEditorDecorationType({
        color: style.colour ? new vscode.ThemeColor(THEME_COLOUR[style.colour]) : undefined,
        fontWeight: style.bold ? 'bold' : undefined,
        opacity: style.dim ? '0.7' : undefined,
      });
      this.decorations.set(key, type);
    }
    return type;
  }

  private decorate(editor: vscode.TextEditor): void {
    if (editor.document.uri.scheme !== OUTPUT_SCHEME) return;
    const buffer = this.shown ? this.controller.outputs.get(this.shown) : undefined;
    const ranges = new Map<string, vscode.Range[]>();
    for (const { line, span } of buffer?.styledRanges() ?? []) {
      if (line >= editor.document.lineCount) break;
      this.decorationFor(span);
      const key = styleKey(span);
      const list = ranges.get(key) ?? [];
      list.push(new vscode.Range(line, span.start, line, span.end));
      ranges.set(key, list);
    }
    for (const [key, type] of this.decorations) editor.setDecorations(type, ranges.get(key) ?? []);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    for (const type of this.decorations.values()) type.dispose();
    this.changed.dispose();
  }
}
