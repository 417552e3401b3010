// The LanguageService for Python documents inside a bilder tree (deploys and component steps): it composes the
// features, each in its own file: components (componentFeatures), PyInfra operations and facts from the catalogue
// (operationCompletion, operationHover, signatureHelp, rules/), local files (pathFeatures) and the environment
// variables the Packer template passes (environmentFeatures). Pylance keeps ordinary Python; this adds what it
// cannot know.
import * as path from 'node:path';
import type { Diagnostic, Hover, Position } from 'vscode-languageserver';
import type { DocumentSnapshot, LanguageService } from '../languages/service';
import type { Logger } from '../logger';
import { describeError } from '../logger';
import type { Settings } from '../settings';
import type { OpenDocuments } from '../workspace/openDocuments';
import { CatalogueProvider } from './catalogue/provider';
import type { CatalogueStatus, PythonProbeResult } from './catalogue/provider';
import { componentDiagnostics, importCompletion, importTargetAt, locationOfPath, locationOfSymbol, lookupMarkdown, symbolMarkdown } from './componentFeatures';
import { ComponentIndex, findComponentsRoot } from './components';
import type { ComponentTree } from './components';
import type { DeployDocument } from './deployContext';
import { markdown, rangeOf, uriToPath } from './deployContext';
import { environmentDefinition, environmentDiagnostics } from './environmentFeatures';
import type { TemplateRuns } from './environmentFeatures';
import type { LinkParsers, PyinfraLinks } from './links';
import { argumentCompletion, operationNameCompletion, pyinfraImportCompletion } from './operationCompletion';
import { operationDefinition } from './operationDefinition';
import { operationHover } from './operationHover';
import { pathCompletion, pathDefinition, pathDiagnostics, pathLinks } from './pathFeatures';
import { operationQuickFixes } from './quickFixes';
import { Refreshing } from './refreshing';
import { OPERATION_CALL_CHECKS } from './rules/index';
import { operationCallsOf } from './rules/operationCallChecks';
import { operationSignatureHelp } from './signatureHelp';

export { Refreshing } from './refreshing';

export interface PyinfraServiceDependencies {
  documents: OpenDocuments;
  logger: Logger;
  settings(): Settings;
  reanalyze(uris?: readonly string[]): void;
  /** The engine's one reader of template ↔ deploy links, shared with the Packer service. */
  links: PyinfraLinks;
  /** The engine's parsers; a tree they return is deleted by whoever parsed it. */
  parsers: LinkParsers;
  /** Told of every background computation, so `bilder check` can wait until diagnostics are final. */
  background?(work: Promise<unknown>): void;
  /** False in Restricted Mode (and when not told): then no interpreter is asked and the bundled catalogue serves. */
  trusted?(): boolean;
  /** Asks an interpreter where its PyInfra is; the engine injects the runner's probe (pyinfra/ runs no process). */
  pythonProbe(interpreter: string): Promise<PythonProbeResult>;
  /** The workspace folders (absolute paths): nothing above the one holding a deploy is looked at. */
  workspaceRoots?(): readonly string[];
}

export interface PyinfraService extends LanguageService {
  /** Which PyInfra serves; undefined until a deploy first asked. */
  pyinfraStatus(): CatalogueStatus | undefined;
  /** Told whenever a different PyInfra starts serving (the editor's status item shows it). */
  onPyinfraChanged(listener: (status: CatalogueStatus) => void): void;
  /** The interpreter the Python extension selected (undefined: none); a change looks for PyInfra again. */
  setSelectedPython(interpreter: string | undefined): void;
}

/** The Python service of a server, with its PyInfra-specific calls, or undefined when it is not this one. */
export function asPyinfraService(service: LanguageService | undefined): PyinfraService | undefined {
  return service && 'setSelectedPython' in service ? (service as PyinfraService) : undefined;
}

export function createPyinfraService(dependencies: PyinfraServiceDependencies): PyinfraService {
  const components = new ComponentIndex(() => Promise.resolve(dependencies.parsers.python));
  const { links } = dependencies;
  const reanalyze = (uris: string[]) => dependencies.reanalyze(uris);
  const roots = new Refreshing<string | null>(reanalyze, undefined, dependencies.background);
  const componentTrees = new Refreshing<ComponentTree>(reanalyze, undefined, dependencies.background);
  const runners = new Refreshing<TemplateRuns>(reanalyze, undefined, dependencies.background);
  const existence = new Refreshing<boolean>(reanalyze, undefined, dependencies.background);
  let selectedPython: string | undefined;
  const statusListeners: ((status: CatalogueStatus) => void)[] = [];
  const trusted = () => dependencies.trusted?.() ?? false;
  const configuredPython = () => dependencies.settings().pyinfra?.python ?? '';
  const catalogues = new CatalogueProvider({
    trusted,
    configuredPython,
    selectedPython: () => selectedPython,
    python: () => Promise.resolve(dependencies.parsers.python),
    logger: dependencies.logger,
    probe: (interpreter) => dependencies.pythonProbe(interpreter),
    workspaceRoots: () => dependencies.workspaceRoots?.() ?? [],
    changed: (status) => {
      for (const listener of statusListeners) listener(status);
      dependencies.reanalyze();
    },
  });
  // Trust and the setting arrive without a call of their own here: a change is noticed at the next question.
  let lookedUpWith = '';
  const catalogue = (filePath: string) => {
    const inputs = JSON.stringify([trusted(), configuredPython(), selectedPython]);
    if (inputs !== lookedUpWith) {
      if (lookedUpWith) catalogues.reset();
      lookedUpWith = inputs;
    }
    const knowledge = catalogues.peek(filePath);
    if (!knowledge) dependencies.background?.(catalogues.get(filePath).catch(() => undefined));
    return knowledge;
  };

  const knowledgeFor = (filePath: string) => {
    catalogue(filePath);
    return catalogues.get(filePath).catch(() => undefined);
  };

  const configuredRoot = () => dependencies.settings().pyinfra?.componentsRoot ?? '';
  const rootKey = (filePath: string) => `${path.dirname(filePath)}\0${configuredRoot()}`;
  const computeRoot = (filePath: string) => findComponentsRoot(filePath, configuredRoot()).then((root) => root ?? null);
  const computeTree = (root: string) => components.refresh(root).then((result) => result.tree);
  const peekComponents = (filePath: string, uri: string): ComponentTree | undefined => {
    const root = roots.peek(rootKey(filePath), () => computeRoot(filePath), uri);
    return root ? componentTrees.peek(root, () => computeTree(root), uri) : undefined;
  };
  const componentsFor = async (filePath: string): Promise<ComponentTree | undefined> => {
    const root = await roots.get(rootKey(filePath), () => computeRoot(filePath));
    return root ? componentTrees.get(root, () => computeTree(root)) : undefined;
  };

  const context = (snapshot: DocumentSnapshot, position?: Position): DeployDocument | undefined => {
    const filePath = uriToPath(snapshot.document.uri);
    if (!snapshot.tree || snapshot.kind !== 'python' || !filePath) return undefined;
    return { tree: snapshot.tree, filePath, document: snapshot.document, offset: position ? snapshot.document.offsetAt(position) : 0 };
  };

  const guarded = <T>(name: string, run: () => T): T | undefined => {
    try {
      return run();
    } catch (error) {
      dependencies.logger.error(`pyinfra ${name} failed: ${describeError(error)}`);
      return undefined;
    }
  };

  const operationDiagnostics = (current: DeployDocument): Diagnostic[] => {
    // Until the catalogue is loaded there is nothing to check against; its arrival reanalyses every document.
    const knowledge = catalogue(current.filePath);
    if (!knowledge) return [];
    const everyCall = operationCallsOf(current.tree, knowledge);
    const input = { document: current.document, knowledge, everyCall, calls: everyCall.filter((call) => call.imported) };
    return OPERATION_CALL_CHECKS.flatMap((check) => check(input));
  };

  return {
    pyinfraStatus: () => catalogues.status(),
    onPyinfraChanged: (listener) => {
      statusListeners.push(listener);
      const status = catalogues.status();
      if (status) listener(status);
    },
    setSelectedPython: (interpreter) => {
      // Only remembered: the look-up waits for a deploy to ask, so a server without deploys starts no process.
      selectedPython = interpreter;
    },

    diagnose(snapshot): Diagnostic[] {
      const current = context(snapshot);
      if (!current) return [];
      return (
        guarded('diagnostics', () => {
          const { document, tree, filePath } = current;
          const index = peekComponents(filePath, document.uri);
          const running = runners.peek(filePath, () => links.templatesRunning(filePath), document.uri);
          return [
            ...(index ? componentDiagnostics(document, tree, index) : []),
            ...pathDiagnostics(current, existence),
            ...operationDiagnostics(current),
            ...environmentDiagnostics(current, running),
          ];
        }) ?? []
      );
    },

    async completion(snapshot, params) {
      const current = context(snapshot, params.position);
      if (!current) return undefined;
      const { document, filePath, offset } = current;
      const lineStart = document.offsetAt({ line: params.position.line, character: 0 });
      const before = document.getText().slice(lineStart, offset);
      const fullBefore = document.getText().slice(Math.max(0, offset - 4000), offset);
      const knowledge = await knowledgeFor(filePath);
      const importText = /^\s*(from|import)\b/.test(before) ? before : fullBefore;
      const pyinfraImports = knowledge && pyinfraImportCompletion(importText, knowledge);
      if (pyinfraImports) return pyinfraImports;
      const imports = importCompletion(importText, await componentsFor(filePath));
      if (imports) return imports;
      const paths = await pathCompletion(current);
      if (paths) return paths;
      if (!knowledge) return undefined;
      return guarded('completion', () => operationNameCompletion(before, current.tree, knowledge) ?? argumentCompletion(current, knowledge));
    },

    async hover(snapshot, params): Promise<Hover | undefined> {
      const current = context(snapshot, params.position);
      if (!current) return undefined;
      const { tree, filePath, offset, document } = current;
      const index = await componentsFor(filePath);
      const target = index && importTargetAt(tree, offset, index);
      if (target?.kind === 'path') return { contents: markdown(lookupMarkdown(target.found)), range: rangeOf(document, target.node) };
      if (target?.kind === 'symbol') return { contents: markdown(symbolMarkdown(target.symbol, target.module, target.owner)), range: rangeOf(document, target.node) };
      const knowledge = await knowledgeFor(filePath);
      return knowledge ? guarded('hover', () => operationHover(current, knowledge)) : undefined;
    },

    async signatureHelp(snapshot, params) {
      const current = context(snapshot, params.position);
      if (!current) return undefined;
      const knowledge = await knowledgeFor(current.filePath);
      return knowledge ? guarded('signature help', () => operationSignatureHelp(current, knowledge)) : undefined;
    },

    async definition(snapshot, params) {
      const current = context(snapshot, params.position);
      if (!current) return undefined;
      const index = await componentsFor(current.filePath);
      const target = index && importTargetAt(current.tree, current.offset, index);
      if (target?.kind === 'path') {
        const location = locationOfPath(target.found);
        return location ? [location] : undefined;
      }
      if (target?.kind === 'symbol') return [await locationOfSymbol(target.module, target.symbol)];
      const knowledge = await knowledgeFor(current.filePath);
      const inPyinfra = knowledge && (await operationDefinition(current, knowledge, catalogues.status()?.packageDir));
      return inPyinfra || (await environmentDefinition(current, runners, links)) || (await pathDefinition(current));
    },

    codeActions(snapshot, params) {
      return snapshot.kind === 'python' ? operationQuickFixes(snapshot.document.uri, params) : undefined;
    },

    async documentLinks(snapshot) {
      const current = context(snapshot);
      return current ? pathLinks(current) : undefined;
    },
  };
}
