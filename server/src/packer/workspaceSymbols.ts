// Workspace symbols: every variable, local, source, data source and build of every indexed configuration.
import { SymbolKind } from 'vscode-languageserver-types';
import type { SymbolInformation } from 'vscode-languageserver-types';
import type { PackerConfiguration } from './configuration';

/** Results are capped so a one-letter query on a huge workspace stays cheap to send. */
const MAX_SYMBOLS = 500;

export function workspaceSymbols(configurations: readonly PackerConfiguration[], query: string): SymbolInformation[] {
  const needle = query.toLowerCase();
  const matches = (name: string) => needle === '' || fuzzyIncludes(name.toLowerCase(), needle);
  const symbols: SymbolInformation[] = [];
  for (const configuration of configurations) {
    for (const model of configuration.files) {
      const containerName = decodeURIComponent(model.uri.slice(model.uri.lastIndexOf('/') + 1));
      const add = (name: string, kind: SymbolKind, range: SymbolInformation['location']['range']) => {
        if (symbols.length < MAX_SYMBOLS && matches(name)) symbols.push({ name, kind, location: { uri: model.uri, range }, containerName });
      };
      if (model.kind !== 'packer') continue;
      for (const variable of model.variables) add(`var.${variable.name}`, SymbolKind.Variable, variable.nameRange);
      for (const local of model.locals) add(`local.${local.name}`, SymbolKind.Constant, local.nameRange);
      for (const source of model.sources) add(`source.${source.type}.${source.name}`, SymbolKind.Class, source.nameRange);
      for (const data of model.dataSources) add(`data.${data.type}.${data.name}`, SymbolKind.Struct, data.nameRange);
      for (const build of model.builds) add(`build ${build.name ?? ''}`.trim(), SymbolKind.Module, build.keywordRange);
    }
  }
  return symbols;
}

/** VS Code filters again on its side; the server only needs the query's characters in order. */
function fuzzyIncludes(name: string, needle: string): boolean {
  let index = 0;
  for (const character of name) if (character === needle[index]) index++;
  return index === needle.length;
}
