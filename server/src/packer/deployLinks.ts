// The template side of the Packer ↔ PyInfra links: links from a provisioner's `pyinfra … deploy.py` to the deploy,
// go to definition from `NAME=` in `environment_vars` to where the deploy reads it, and a hint for a variable that is
// passed but read by no deploy. The deploy side lives in pyinfra/links.ts.
import type { Diagnostic, DocumentLink, Location, Position, Range } from 'vscode-languageserver';
import { DiagnosticTag } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, defineRule, makeDiagnostic } from '../diagnostics/rules';
import type { SyntaxTree } from '../parsing/treeSitter';
import { templateDeployLinks, templateEnvironmentVariables } from '../pyinfra/links';
import type { PyinfraLinks } from '../pyinfra/links';

export const environmentNotRead = defineRule({
  code: 'pyinfra/env-not-read',
  severity: DiagnosticSeverity.Hint,
  description: 'A template passes an environment variable in `environment_vars` that no deploy it runs reads.',
  tags: [DiagnosticTag.Unnecessary],
});

/** Only templates that run pyinfra with environment variables need the (file-reading) link resolution. */
function mayPassEnvironment(text: string): boolean {
  return text.includes('environment_vars') && text.includes('pyinfra');
}

function contains(range: Range, position: Position): boolean {
  const after = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const before = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return after && before;
}

export interface DeployLinkFeatures {
  documentLinks(document: TextDocument, tree: SyntaxTree): Promise<DocumentLink[]>;
  definition(document: TextDocument, tree: SyntaxTree, position: Position): Promise<Location[] | undefined>;
  /** The hints known for this exact version; unknown ones are computed in the background, then `reanalyze` is asked. */
  hints(document: TextDocument, tree: SyntaxTree): Diagnostic[];
}

export interface DeployLinkDependencies {
  /** The engine's one reader of deploys (open buffers first), shared with the PyInfra service. */
  links: PyinfraLinks;
  reanalyze(uris: readonly string[]): void;
  /** Told of the background work behind a hint, so `bilder check` can wait for it. */
  background?(work: Promise<unknown>): void;
}

export function createDeployLinkFeatures({ links, reanalyze, background }: DeployLinkDependencies): DeployLinkFeatures {
  // One entry per template that passes environment variables: the version its hints were computed for.
  const hintsByUri = new Map<string, { version: number; hints: Diagnostic[] | undefined }>();

  const computeHints = async (document: TextDocument, tree: SyntaxTree): Promise<Diagnostic[]> => {
    const variables = await templateEnvironmentVariables(document, tree, links);
    return variables
      .filter((variable) => variable.deployUris.length > 0 && variable.reads.length === 0)
      .map((variable) =>
        makeDiagnostic(environmentNotRead, variable.range, `${variable.name} is passed to pyinfra, but no deploy this provisioner runs reads it.`),
      );
  };

  return {
    documentLinks: (document, tree) => (document.getText().includes('pyinfra') ? templateDeployLinks(document, tree) : Promise.resolve([])),

    async definition(document, tree, position) {
      if (!mayPassEnvironment(document.getText())) return undefined;
      const variables = await templateEnvironmentVariables(document, tree, links);
      return variables.find((variable) => contains(variable.range, position))?.reads;
    },

    hints(document, tree) {
      if (!mayPassEnvironment(document.getText())) return [];
      const known = hintsByUri.get(document.uri);
      if (known?.version === document.version) return known.hints ?? [];
      const entry: { version: number; hints: Diagnostic[] | undefined } = { version: document.version, hints: undefined };
      hintsByUri.set(document.uri, entry);
      // The tree is only valid during this call; the background work gets its own copy.
      const copy = tree.copy();
      const work = computeHints(document, copy)
        .then(
          (hints) => {
            if (hintsByUri.get(document.uri) !== entry) return;
            entry.hints = hints;
            if (hints.length > 0) reanalyze([document.uri]);
          },
          () => {
            entry.hints = [];
          },
        )
        .finally(() => copy.delete());
      background?.(work);
      return [];
    },
  };
}
