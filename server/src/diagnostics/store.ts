// One place that publishes diagnostics: each producer (syntax/analysis, packer validate, …) owns a layer per URI,
// and a publish merges the layers, drops disabled codes and duplicates, caps the count, and stamps the document version.
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity, defineRule, isDisabled, makeDiagnostic } from './rules';

/**
 * Diagnostics published per file. A broken file can produce tens of thousands; past a few hundred nobody reads them,
 * and each costs the editor memory and the connection bytes on every keystroke.
 */
export const MAX_DIAGNOSTICS_PER_FILE = 500;

export const tooManyDiagnostics = defineRule({
  code: 'bilder/too-many-diagnostics',
  severity: DiagnosticSeverity.Information,
  description: `A file has more than ${MAX_DIAGNOSTICS_PER_FILE} diagnostics; the first ${MAX_DIAGNOSTICS_PER_FILE} are shown and this one counts the rest.`,
});

export type DiagnosticLayer = 'analysis' | 'packer' | 'pyinfra';

export interface PublishTarget {
  publish(uri: string, diagnostics: Diagnostic[], version: number | undefined): void;
}

export class DiagnosticsStore {
  private readonly layers = new Map<string, Map<DiagnosticLayer, Diagnostic[]>>();
  /** URIs whose last publish was not empty: only they need an empty publish when cleared. */
  private readonly shown = new Set<string>();

  constructor(
    private readonly target: PublishTarget,
    private disabled: readonly string[] = [],
  ) {}

  set(uri: string, layer: DiagnosticLayer, diagnostics: Diagnostic[], version?: number): void {
    let byLayer = this.layers.get(uri);
    if (!byLayer) this.layers.set(uri, (byLayer = new Map()));
    byLayer.set(layer, diagnostics);
    this.publish(uri, version);
  }

  get(uri: string): Diagnostic[] {
    const byLayer = this.layers.get(uri);
    if (!byLayer) return [];
    const merged: Diagnostic[] = [];
    const seen = new Set<string>();
    let hidden = 0;
    let firstHidden: Diagnostic | undefined;
    for (const diagnostics of byLayer.values()) {
      for (const diagnostic of diagnostics) {
        if (isDisabled(diagnostic.code, this.disabled)) continue;
        // Past the cap only a count is kept (duplicates among the hidden ones are counted too: cheap beats exact).
        if (merged.length >= MAX_DIAGNOSTICS_PER_FILE) {
          hidden++;
          firstHidden ??= diagnostic;
          continue;
        }
        // Packer and Bilder often find the same problem; one copy per line and message is enough.
        const key = `${diagnostic.range.start.line}:${diagnostic.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        merged.push(diagnostic);
      }
    }
    if (firstHidden) merged.push(hiddenSummary(hidden, firstHidden));
    return merged;
  }

  clear(uri: string, layer?: DiagnosticLayer): void {
    if (layer) this.layers.get(uri)?.delete(layer);
    else this.layers.delete(uri);
    // A document opened and closed before it was analysed had nothing shown: an open/close storm publishes nothing.
    if (this.shown.has(uri) || this.layers.has(uri)) this.publish(uri, undefined);
  }

  setDisabled(disabled: readonly string[]): void {
    this.disabled = disabled;
    for (const uri of this.layers.keys()) this.publish(uri, undefined);
  }

  uris(): string[] {
    return [...this.layers.keys()];
  }

  private publish(uri: string, version: number | undefined): void {
    const diagnostics = this.get(uri);
    if (diagnostics.length > 0) this.shown.add(uri);
    else this.shown.delete(uri);
    this.target.publish(uri, diagnostics, version);
  }
}

function hiddenSummary(hidden: number, first: Diagnostic): Diagnostic {
  const at = first.range.start;
  const message =
    `${hidden} more problem${hidden === 1 ? '' : 's'} in this file ${hidden === 1 ? 'is' : 'are'} not shown (Bilder shows the first ` +
    `${MAX_DIAGNOSTICS_PER_FILE}); the next one, at line ${at.line + 1}: ${typeof first.message === 'string' ? first.message : first.message.value}`;
  return makeDiagnostic(tooManyDiagnostics, { start: at, end: at }, message.length > 400 ? `${message.slice(0, 399)}…` : message);
}
