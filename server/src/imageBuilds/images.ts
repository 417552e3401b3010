// Finds the images a workspace can build, in the three layouts Packer + PyInfra repositories use:
//  - an image directory with its own `*.pkr.hcl`;
//  - a shared template directory that picks the image with a variable (`--chdir ${path.root}/${var.app_name} deploy.py`,
//    `app_name` validated by `contains([...], var.app_name)`): one image per allowed value;
//  - component test roots `components/<c>/packer.pkr.hcl` next to a `sample_deploy.py`.
// Template facts come from the one model of a Packer file (packer/model), the same the editor features read.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { BuildImage, BuildImageVariable, BuildVarFile } from '../../../protocol';
import { buildFileModel } from '../packer/model';
import type { FileKind, PackerFileModel } from '../packer/model';
import { ParseBudgetExceeded } from '../parsing/treeSitter';
import type { LanguageParser } from '../parsing/treeSitter';
import { whyUnparsable } from '../parsing/documentTrees';
import { DEFAULT_SETTINGS } from '../settings';
import { discoverFiles } from '../workspace/discover';
import { readRegularFile } from '../workspace/regularFile';

export interface DiscoverOptions {
  /** Files larger than this are not read (the `bilder.analysis.maxFileSizeKB` limit). */
  maxBytes?: number;
  /** Told of every file left unread and why (a FIFO, a device, a symlink to /dev/zero, too large). */
  skipped?(file: string, reason: string): void;
}

interface TemplateFacts {
  variables: Map<string, BuildImageVariable>;
  sources: string[];
  /** Variables interpolated into a path (`${path.root}/${var.x}`): they choose the image. */
  pathSelectors: Set<string>;
}

const PATH_SELECTOR = /\$\{\s*path\.root\s*\}\/\$\{\s*var\.([A-Za-z_][\w-]*)\s*\}/g;

/**
 * The file's model, the same one every editor feature reads; undefined for a file that cannot be read or parsed (too
 * large, binary, too slow), which must not cost the other images their discovery.
 */
async function readModel(parser: LanguageParser, file: string, kind: FileKind, options: DiscoverOptions): Promise<{ model: PackerFileModel; text: string } | undefined> {
  // Never a plain read: a FIFO would block discovery forever, `x.pkr.hcl -> /dev/zero` would fill the memory — and
  // the Images view asks even in Restricted Mode.
  const read = await readRegularFile(file, options.maxBytes ?? DEFAULT_SETTINGS.analysis.maxFileSizeKB * 1024).catch((error: unknown) => ({
    skipped: `it could not be read (${(error as Error).message})`,
  }));
  if ('skipped' in read) {
    options.skipped?.(file, read.skipped);
    return undefined;
  }
  const text = read.text;
  if (whyUnparsable(text)) return undefined;
  let tree;
  try {
    tree = parser.parse(text);
  } catch (error) {
    if (error instanceof ParseBudgetExceeded) return undefined;
    throw error;
  }
  try {
    const document = TextDocument.create(pathToFileURL(file).toString(), kind, 0, text);
    return { model: buildFileModel(document, tree, kind, undefined, false), text };
  } finally {
    tree.delete();
  }
}

function readTemplate(model: PackerFileModel, text: string, facts: TemplateFacts): void {
  for (const declared of model.variables) {
    const variable: BuildImageVariable = {
      name: declared.name,
      sensitive: declared.sensitive === true,
      hasDefault: declared.defaultText !== undefined,
      autoProvided: false,
      ...(declared.description !== undefined ? { description: declared.description } : {}),
      ...(declared.allowedValues ? { allowedValues: declared.allowedValues } : {}),
      ...(declared.typeText !== undefined ? { type: declared.typeText.trim() } : {}),
    };
    facts.variables.set(variable.name, variable);
  }
  for (const source of model.sources) facts.sources.push(`${source.type}.${source.name}`);
  for (const match of text.matchAll(PATH_SELECTOR)) facts.pathSelectors.add(match[1]!);
}

async function varFileNames(parser: LanguageParser, file: string, options: DiscoverOptions): Promise<string[]> {
  const read = await readModel(parser, file, 'packervars', options);
  return read ? read.model.assignments.map((assignment) => assignment.name) : [];
}

function isComponentTestRoot(directory: string, templates: string[]): boolean {
  return (
    path.basename(path.dirname(directory)) === 'components' &&
    templates.some((file) => path.basename(file) === 'packer.pkr.hcl') &&
    existsSync(path.join(directory, 'sample_deploy.py'))
  );
}

/** Every buildable image under the roots, sorted by label. Unreadable or unparsable files are skipped, never fatal. */
export async function discoverImages(parser: LanguageParser, roots: readonly string[], options: DiscoverOptions = {}): Promise<BuildImage[]> {
  const byDirectory = new Map<string, string[]>();
  for (const root of roots) {
    for (const file of await discoverFiles(root, { limit: 5000 })) {
      const directory = path.dirname(file);
      byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), file]);
    }
  }
  const images: BuildImage[] = [];
  for (const [directory, files] of byDirectory) {
    const templates = files.filter((file) => file.endsWith('.pkr.hcl'));
    if (templates.length === 0) continue;
    const facts: TemplateFacts = { variables: new Map(), sources: [], pathSelectors: new Set() };
    for (const file of templates) {
      const read = await readModel(parser, file, 'packer', options);
      if (read) readTemplate(read.model, read.text, facts);
    }

    const varFiles: BuildVarFile[] = [];
    for (const file of files.filter((candidate) => candidate.endsWith('.pkrvars.hcl'))) {
      const names = await varFileNames(parser, file, options);
      if (file.endsWith('.auto.pkrvars.hcl')) {
        for (const name of names) {
          const variable = facts.variables.get(name);
          if (variable) variable.autoProvided = true;
        }
      } else varFiles.push({ path: file, names });
    }

    const variables = [...facts.variables.values()];
    const base = { templateDir: directory, sources: [...new Set(facts.sources)].sort(), varFiles };
    const selector = [...facts.pathSelectors].map((name) => facts.variables.get(name)).find((variable) => variable?.allowedValues?.length);
    if (selector) {
      for (const value of selector.allowedValues!) {
        const deployFile = path.join(directory, value, 'deploy.py');
        images.push({
          ...base,
          id: `${directory}#${selector.name}=${value}`,
          label: value,
          kind: 'shared-template',
          presetVars: { [selector.name]: value },
          variables: variables.filter((variable) => variable.name !== selector.name),
          ...(existsSync(deployFile) ? { deployFile } : {}),
        });
      }
      continue;
    }
    const componentTest = isComponentTestRoot(directory, templates);
    const deployFile = path.join(directory, componentTest ? 'sample_deploy.py' : 'deploy.py');
    images.push({
      ...base,
      id: directory,
      label: componentTest ? `${path.basename(directory)} (component test)` : path.basename(directory),
      kind: componentTest ? 'component-test' : 'image-dir',
      presetVars: {},
      variables,
      ...(existsSync(deployFile) ? { deployFile } : {}),
    });
  }
  return images.sort((a, b) => a.label.localeCompare(b.label) || a.templateDir.localeCompare(b.templateDir));
}

// The client asks for the same variables, so the rule lives with the shared protocol types.
export { variablesNeedingValues } from '../../../protocol';
