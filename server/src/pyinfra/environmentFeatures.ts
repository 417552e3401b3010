// Environment variables a deploy reads and the Packer templates that run it pass: a diagnostic for a read without a
// default that no template passes, and go to definition from `os.environ.get("X")` to the template line.
import * as path from 'node:path';
import type { Diagnostic, Location } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { makeDiagnostic } from '../diagnostics/rules';
import type { DeployDocument } from './deployContext';
import { rangeOf } from './deployContext';
import { environmentReads } from './links';
import type { PyinfraLinks } from './links';
import type { Refreshing } from './refreshing';
import { envNotPassed } from './rules';

export type TemplateRuns = Awaited<ReturnType<PyinfraLinks['templatesRunning']>>;

export function environmentDiagnostics(current: DeployDocument, running: TemplateRuns | undefined): Diagnostic[] {
  if (!running || running.length === 0) return [];
  const { document, tree } = current;
  const passed = new Set(running.flatMap((run) => run.provisioner.environment.map((variable) => variable.name)));
  const templates = [...new Set(running.map((run) => path.basename(run.template.templatePath)))].join(', ');
  return environmentReads(tree, document.getText())
    .filter((read) => !read.hasDefault && !passed.has(read.name))
    .map((read) =>
      makeDiagnostic(envNotPassed, rangeOf(document, read.node), `${read.name} has no default here and ${templates} never passes it: add "${read.name}=…" to the provisioner's environment_vars, or give it a default.`),
    );
}

export async function environmentDefinition(current: DeployDocument, runners: Refreshing<TemplateRuns>, links: PyinfraLinks): Promise<Location[] | undefined> {
  const { tree, document, offset, filePath } = current;
  const read = environmentReads(tree, document.getText()).find((entry) => entry.node.startIndex <= offset && offset <= entry.node.endIndex);
  if (!read) return undefined;
  const running = await runners.get(filePath, () => links.templatesRunning(filePath));
  const locations: Location[] = [];
  for (const run of running) {
    const template = TextDocument.create(URI.file(run.template.templatePath).toString(), 'packer', 0, run.template.text);
    for (const variable of run.provisioner.environment) {
      if (variable.name === read.name) locations.push({ uri: template.uri, range: { start: template.positionAt(variable.start), end: template.positionAt(variable.end) } });
    }
  }
  return locations;
}
