// The raw output of a build as a read-only document beside the tree: streamed as it grows (following the end unless
// the person scrolled up), coloured from the ANSI codes the server adds, and scrolled to a step's first line when its
// row is selected. A document rather than a terminal because a terminal cannot be scrolled to a line by an extension.
import * as vscode from 'vscode';
import { styleKey } from './ansi';
import type { AnsiColour, AnsiStyle } from './ansi';
import type { BuildController } from './controller';

export const OUTPUT_SCHEME = 'bilder-build-output';

const THEME_COLOUR: Record<AnsiColour, string> = {
  red: 'terminal.ansiRed',
  green: 'terminal.ansiGreen',
  yellow: 'terminal.ansiYellow',
  blue: 'terminal.ansiBlue',
  magenta: 'terminal.ansiMagenta',
  cyan: 'terminal.ansiCyan',
};

export function outputUri(buildId: string, label: string): vscode.Uri {
  // The label names the editor tab; the id in the query picks the build.
  const name = label.replace(/[\\/?#%]+/g, '-') || 'build';
  return vscode.Uri.from({ scheme: OUTPUT_SCHEME, path: `/${name} output`, query: buildId });
}

export class BuildOutputView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly decorations = new Map<string, vscode.TextEditorDecorationType>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Documents whose editor was at its end before the last update: they follow the output. */
  private readonly following = new Map<string, boolean>();

  constructor(private readonly controller: BuildController) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, this),
      controller.onDidChange(() => this.refresh()),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => this.decorate(editor))),
      vscode.window.onDidChangeTextEditorVisibleRanges(({ textEditor }) => {
        if (textEditor.document.uri.scheme !== OUTPUT_SCHEME) return;
        const last = textEditor.visibleRanges.at(-1)?.end.line ?? 0;
        this.following.set(textEditor.document.uri.query, last >= textEditor.document.lineCount - 2);
      }),
      vscode.workspace.onDidChangeTextDocument(({ document }) => {
        if (document.uri.scheme !== OUTPUT_SCHEME) return;
        for (const editor of vscode.window.visibleTextEditors.filter((candidate) => candidate.document === document)) {
          this.decorate(editor);
          if (this.following.get(document.uri.query) !== false) editor.revealRange(new vscode.Range(document.lineCount - 1, 0, document.lineCount - 1, 0), vscode.TextEditorRevealType.Default);
        }
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const buffer = this.controller.outputs.get(uri.query);
    if (buffer) return buffer.text();
    const record = this.controller.records.get(uri.query);
    return record
      ? `The output of this build is not kept across reloads: Open Log shows it (${record.logFile}).`
      : 'This build is no longer in the history.';
  }

  private refresh(): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== OUTPUT_SCHEME) continue;
      if (this.controller.outputs.get(document.uri.query)?.takeChanged()) this.changed.fire(document.uri);
    }
  }

  /** Opens (or shows) the output of a build beside the current editor, without taking the focus. */
  async show(buildId: string, options: { line?: number; preserveFocus?: boolean } = {}): Promise<vscode.TextEditor | undefined> {
    const record = this.controller.records.get(buildId);
    if (!record) return undefined;
    const uri = outputUri(buildId, record.label);
    const document = await vscode.workspace.openTextDocument(uri);
    const open = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: open?.viewColumn ?? vscode.ViewColumn.Beside,
      preserveFocus: options.preserveFocus ?? true,
      preview: false,
    });
    this.decorate(editor);
    const viewLine = options.line === undefined ? undefined : this.controller.outputs.get(buildId)?.viewLine(options.line);
    if (viewLine !== undefined) {
      // The person chose a place to read: stop following the end until they scroll back down.
      this.following.set(buildId, false);
      const range = new vscode.Range(viewLine, 0, viewLine, 0);
      editor.selection = new vscode.Selection(range.start, range.start);
      editor.revealRange(range, vscode.TextEditorRevealType.AtTop);
    } else {
      this.following.set(buildId, true);
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
    const buffer = this.controller.outputs.get(editor.document.uri.query);
    if (!buffer) return;
    const ranges = new Map<string, vscode.Range[]>();
    for (const { line, span } of buffer.styledRanges()) {
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
