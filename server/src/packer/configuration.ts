// One Packer configuration = one directory: the models of its *.pkr.hcl and *.pkrvars.hcl files seen together, with
// the symbol tables every cross-file feature (diagnostics, completion, navigation, rename) reads.
import type { ComponentDeclaration, Declaration, PackerFileModel, Reference, SourceString, VariableDeclaration } from './model';

export interface Located<T> {
  uri: string;
  item: T;
}

export class PackerConfiguration {
  readonly variables = new Map<string, Located<VariableDeclaration>[]>();
  readonly locals = new Map<string, Located<Declaration>[]>();
  /** Keyed by `<type>.<name>`. */
  readonly sources = new Map<string, Located<ComponentDeclaration>[]>();
  readonly dataSources = new Map<string, Located<ComponentDeclaration>[]>();
  private referenceCounts: Record<'var' | 'local', Map<string, number>> | undefined;
  private readonly standaloneCache = new Map<PackerFileModel, boolean>();

  /**
   * @param complete false while the directory's other files are still being read: rules that need the whole
   * directory (undeclared or unused names) stay silent rather than guess.
   */
  constructor(
    readonly directory: string,
    readonly files: readonly PackerFileModel[],
    readonly complete: boolean,
  ) {
    for (const model of files) {
      if (model.kind !== 'packer') continue;
      for (const variable of model.variables) push(this.variables, variable.name, { uri: model.uri, item: variable });
      for (const local of model.locals) push(this.locals, local.name, { uri: model.uri, item: local });
      for (const source of model.sources) push(this.sources, `${source.type}.${source.name}`, { uri: model.uri, item: source });
      for (const data of model.dataSources) push(this.dataSources, `${data.type}.${data.name}`, { uri: model.uri, item: data });
    }
  }

  file(uri: string): PackerFileModel | undefined {
    return this.files.find((model) => model.uri === uri);
  }

  /** How often `root.name` is referenced across the directory (var/local only). */
  referenceCount(root: 'var' | 'local', name: string): number {
    if (!this.referenceCounts) {
      // Keyed by root, then name: a keystroke recounts every reference of the directory, so no key strings are built.
      const counts = { var: new Map<string, number>(), local: new Map<string, number>() };
      for (const model of this.files) {
        for (const reference of model.references) {
          const first = reference.parts[0];
          if ((reference.root !== 'var' && reference.root !== 'local') || first === undefined) continue;
          const table = counts[reference.root];
          table.set(first, (table.get(first) ?? 0) + 1);
        }
      }
      this.referenceCounts = counts;
    }
    return this.referenceCounts[root].get(name) ?? 0;
  }

  /**
   * A file with its own build whose every reference resolves inside itself. Directories of such files (test fixtures,
   * one template per file run as `packer build file.pkr.hcl`) are not one configuration, so declarations they repeat
   * are not duplicates.
   */
  isStandalone(model: PackerFileModel): boolean {
    let standalone = this.standaloneCache.get(model);
    if (standalone === undefined) {
      standalone = model.kind === 'packer' && model.builds.length > 0 && resolvesWithinItself(model);
      this.standaloneCache.set(model, standalone);
    }
    return standalone;
  }

  *allReferences(): Generator<Located<Reference>> {
    for (const model of this.files) for (const item of model.references) yield { uri: model.uri, item };
  }

  *allSourceStrings(): Generator<Located<SourceString>> {
    for (const model of this.files) for (const item of model.sourceStrings) yield { uri: model.uri, item };
  }

  /** Names a build step's `only`/`except` may use: every source, plus names given by `source` blocks inside builds. */
  sourceTypes(): Set<string> {
    return new Set([...this.sources.values()].map((entries) => entries[0]!.item.type));
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function resolvesWithinItself(model: PackerFileModel): boolean {
  const variables = new Set(model.variables.map((variable) => variable.name));
  const locals = new Set(model.locals.map((local) => local.name));
  const data = new Set(model.dataSources.map((declaration) => `${declaration.type}.${declaration.name}`));
  const sources = new Set(model.sources.map((declaration) => `${declaration.type}.${declaration.name}`));
  for (const reference of model.references) {
    const [first, second] = reference.parts;
    if (first === undefined) continue;
    if (reference.root === 'var' && !variables.has(first)) return false;
    if (reference.root === 'local' && !locals.has(first)) return false;
    if (reference.root === 'data' && second !== undefined && !data.has(`${first}.${second}`)) return false;
  }
  return model.sourceStrings.every((source) => source.context !== 'sources' || sources.has(`${source.type}.${source.name}`));
}
