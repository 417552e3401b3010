// Finds the images a workspace can build, in the three layouts Packer + PyInfra repositories use:
//  - an image directory with its own `*.pkr.hcl`;
//  - a shared template directory that picks the image with a variable (`--chdir ${path.root}/${var.app_name} deploy.py`,
//    `app_name` validated by `contains([...], var.app_name)`): one image per allowed value;
//  - component test roots `components/<c>/packer.pkr.hcl` next to a `sample_deploy.py`.
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { BuildImage, BuildImageVariable, BuildVarFile } from '../../../protocol';
import {
  attributeExpression,
  attributeName,
  attributesOf,
  blockBody,
  blockLabels,
  blockType,
  blocksOf,
  childrenOfType,
  fileBody,
  firstChildOfType,
  stringLiteralValue,
  walk,
} from '../parsing/nodes';
import { ParseBudgetExceeded } from '../parsing/treeSitter';
import type { LanguageParser, SyntaxNode, SyntaxTree } from '../parsing/treeSitter';
import { whyUnparsable } from '../parsing/documentTrees';
import { discoverFiles } from '../workspace/discover';

interface TemplateFacts {
  variables: Map<string, BuildImageVariable>;
  sources: string[];
  /** Variables interpolated into a path (`${path.root}/${var.x}`): they choose the image. */
  pathSelectors: Set<string>;
}

const PATH_SELECTOR = /\$\{\s*path\.root\s*\}\/\$\{\s*var\.([A-Za-z_][\w-]*)\s*\}/g;

function literalStrings(node: SyntaxNode, text: string): string[] {
  const values: string[] = [];
  walk(node, (child) => {
    if (child.type === 'string_lit' || child.type === 'quoted_template') {
      values.push(stringLiteralValue(child, text));
      return false;
    }
    return undefined;
  });
  return values;
}

/** `contains(["a", "b"], var.name)` anywhere in a validation condition → name → [a, b]. */
function containsValidation(condition: SyntaxNode, text: string): { variable: string; values: string[] } | undefined {
  let found: { variable: string; values: string[] } | undefined;
  walk(condition, (node) => {
    if (found || node.type !== 'function_call' || firstChildOfType(node, 'identifier')?.text !== 'contains') return undefined;
    const args = firstChildOfType(node, 'function_arguments');
    const [list, subject] = args ? childrenOfType(args, 'expression') : [];
    const variable = subject ? /^var\.([A-Za-z_][\w-]*)$/.exec(subject.text.trim())?.[1] : undefined;
    if (list && variable && list.text.trim().startsWith('[')) found = { variable, values: literalStrings(list, text) };
    return false;
  });
  return found;
}

/** A file too slow to parse is skipped like an unparsable one: it must not cost the other images their discovery. */
function parseWithinBudget(parser: LanguageParser, text: string): SyntaxTree | undefined {
  if (whyUnparsable(text)) return undefined;
  try {
    return parser.parse(text);
  } catch (error) {
    if (error instanceof ParseBudgetExceeded) return undefined;
    throw error;
  }
}

function readTemplate(parser: LanguageParser, text: string, facts: TemplateFacts): void {
  const tree = parseWithinBudget(parser, text);
  if (!tree) return;
  try {
    for (const block of blocksOf(fileBody(tree))) {
      const type = blockType(block);
      const labels = blockLabels(block, text);
      const body = blockBody(block);
      if (type === 'variable' && labels[0]) {
        const variable: BuildImageVariable = { name: labels[0], sensitive: false, hasDefault: false, autoProvided: false };
        for (const attribute of attributesOf(body)) {
          const name = attributeName(attribute);
          const expression = attributeExpression(attribute);
          if (name === 'default') variable.hasDefault = true;
          if (name === 'sensitive') variable.sensitive = expression?.text.trim() === 'true';
          if (name === 'description' && expression) variable.description = literalStrings(expression, text)[0];
        }
        for (const validation of blocksOf(body).filter((inner) => blockType(inner) === 'validation')) {
          const condition = attributesOf(blockBody(validation)).find((attribute) => attributeName(attribute) === 'condition');
          const expression = condition && attributeExpression(condition);
          const allowed = expression && containsValidation(expression, text);
          if (allowed && allowed.variable === variable.name) variable.allowedValues = allowed.values;
        }
        facts.variables.set(variable.name, variable);
      } else if (type === 'source' && labels.length >= 2) {
        facts.sources.push(`${labels[0]}.${labels[1]}`);
      }
    }
    for (const match of text.matchAll(PATH_SELECTOR)) facts.pathSelectors.add(match[1]!);
  } finally {
    tree.delete();
  }
}

async function varFileNames(parser: LanguageParser, file: string): Promise<string[]> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  const tree = text ? parseWithinBudget(parser, text) : undefined;
  if (!tree) return [];
  try {
    return attributesOf(fileBody(tree)).map(attributeName).filter(Boolean);
  } finally {
    tree.delete();
  }
}

function isComponentTestRoot(directory: string, templates: string[]): boolean {
  return (
    path.basename(path.dirname(directory)) === 'components' &&
    templates.some((file) => path.basename(file) === 'packer.pkr.hcl') &&
    existsSync(path.join(directory, 'sample_deploy.py'))
  );
}

/** Every buildable image under the roots, sorted by label. Unreadable or unparsable files are skipped, never fatal. */
export async function discoverImages(parser: LanguageParser, roots: readonly string[]): Promise<BuildImage[]> {
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
    for (const file of templates) readTemplate(parser, await fs.readFile(file, 'utf8').catch(() => ''), facts);

    const varFiles: BuildVarFile[] = [];
    for (const file of files.filter((candidate) => candidate.endsWith('.pkrvars.hcl'))) {
      const names = await varFileNames(parser, file);
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
