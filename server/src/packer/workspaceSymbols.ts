// Workspace symbols: every variable, local, source, data source and build of every indexed configuration.
import { SymbolKind } from 'vscode-languageserver-types';
import type { SymbolInformation } from 'vscode-languageserver-types';
import type { PackerConfiguration } from './configuration';

/** Results are capped so a one-letter query on a huge workspace stays cheap to send. */
const MAX_SYMBOLS = 500;

interface Candidate {
  /** The name lower-cased once, not per query. */
  needleTarget: string;
  symbol: SymbolInformation;
}

/** Configurations are reused until one of their files changes, so their symbol lists are built once per version. */
const candidatesByConfiguration = new WeakMap<PackerConfiguration, Candidate[]>();

function candidatesOf(configuration: PackerConfiguration): Candidate[] {
  let candidates = candidatesByConfiguration.get(configuration);
  if (candidates) return candidates;
  candidates = [];
  for (const model of configuration.files) {
    if (model.kind !== 'packer') continue;
    const containerName = decodeURIComponent(model.uri.slice(model.uri.lastIndexOf('/') + 1));
    const add = (name: string, kind: SymbolKind, range: SymbolInformation['location']['range']) =>
      candidates!.push({ needleTarget: name.toLowerCase(), symbol: { name, kind, location: { uri: model.uri, range }, containerName } });
    for (const variable of model.variables) add(`var.${variable.name}`, SymbolKind.Variable, variable.nameRange);
    for (const local of model.locals) add(`local.${local.name}`, SymbolKind.Constant, local.nameRange);
    for (const source of model.sources) add(`source.${source.type}.${source.name}`, SymbolKind.Class, source.nameRange);
    for (const data of model.dataSources) add(`data.${data.type}.${data.name}`, SymbolKind.Struct, data.nameRange);
    for (const build of model.builds) add(`build ${build.name ?? ''}`.trim(), SymbolKind.Module, build.keywordRange);
  }
  candidatesByConfiguration.set(configuration, candidates);
  return candidates;
}

export function workspaceSymbols(configurations: readonly PackerConfiguration[], query: string): SymbolInformation[] {
  const needle = query.toLowerCase();
  const symbols: SymbolInformation[] = [];
  for (const configuration of configurations) {
    for (const candidate of candidatesOf(configuration)) {
      if (symbols.length >= MAX_SYMBOLS) return symbols;
      if (needle === '' || fuzzyIncludes(candidate.needleTarget, needle)) symbols.push(candidate.symbol);
    }
  }
  return symbols;
}

/** VS Code filters again on its side; the server only needs the query's characters in order. */
function fuzzyIncludes(name: string, needle: string): boolean {
  let index = 0;
  for (const character of name) {
    if (character === needle[index]) index++;
    if (index === needle.length) return true;
  }
  return index === needle.length;
}
