// One place that publishes diagnostics: each producer (syntax/analysis, packer validate, …) owns a layer per URI,
// and a publish merges the layers, drops disabled codes and duplicates, and stamps the document version.
import type { Diagnostic } from 'vscode-languageserver-types';
import { isDisabled } from './rules';

export type DiagnosticLayer = 'analysis' | 'packer' | 'pyinfra';

export interface PublishTarget {
  publish(uri: string, diagnostics: Diagnostic[], version: number | undefined): void;
}

export class DiagnosticsStore {
  private readonly layers = new Map<string, Map<DiagnosticLayer, Diagnostic[]>>();

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
    for (const diagnostics of byLayer.values()) {
      for (const diagnostic of diagnostics) {
        if (isDisabled(diagnostic.code, this.disabled)) continue;
        // Packer and Bilder often find the same problem; one copy per line and message is enough.
        const key = `${diagnostic.range.start.line}:${diagnostic.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        merged.push(diagnostic);
      }
    }
    return merged;
  }

  clear(uri: string, layer?: DiagnosticLayer): void {
    if (layer) this.layers.get(uri)?.delete(layer);
    else this.layers.delete(uri);
    this.publish(uri, undefined);
  }

  setDisabled(disabled: readonly string[]): void {
    this.disabled = disabled;
    for (const uri of this.layers.keys()) this.publish(uri, undefined);
  }

  uris(): string[] {
    return [...this.layers.keys()];
  }

  private publish(uri: string, version: number | undefined): void {
    this.target.publish(uri, this.get(uri), version);
  }
}
