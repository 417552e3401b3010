// "N references" above each variable, local, source and data source, as terraform-ls shows them: the count is the
// same set of places Find All References lists, across the directory.
import type { CodeLens, Location } from 'vscode-languageserver';
import { CLIENT_COMMANDS } from '../../../protocol';
import type { PackerConfiguration } from './configuration';
import type { PackerFileModel } from './model';
import { occurrences } from './navigation';
import type { SymbolKey } from './navigation';


export function referenceLenses(model: PackerFileModel, configuration: PackerConfiguration): CodeLens[] {
  if (model.kind !== 'packer') return [];
  const declared: { key: SymbolKey; range: CodeLens['range'] }[] = [
    ...model.variables.map((variable) => ({ key: { kind: 'variable', name: variable.name } as const, range: variable.nameRange })),
    ...model.locals.map((local) => ({ key: { kind: 'local', name: local.name } as const, range: local.nameRange })),
    ...model.sources.map((source) => ({ key: { kind: 'source', type: source.type, name: source.name } as const, range: source.nameRange })),
    ...model.dataSources.map((data) => ({ key: { kind: 'data', type: data.type, name: data.name } as const, range: data.nameRange })),
  ];
  return declared.map(({ key, range }) => {
    const locations: Location[] = occurrences(configuration, key)
      .filter((occurrence) => !occurrence.declaration)
      .map((occurrence) => ({ uri: occurrence.uri, range: occurrence.range }));
    const title = locations.length === 1 ? '1 reference' : `${locations.length} references`;
    return { range, command: { title, command: CLIENT_COMMANDS.showReferences, arguments: [model.uri, range.start, locations] } };
  });
}
