// Go to definition on an operation or fact opens its source in the user's installed PyInfra (the bundled catalogue
// has no source to open).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Location } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { PyinfraKnowledge } from './catalogue/knowledge';
import type { DeployDocument } from './deployContext';
import { deployImports, factNamed, operationCall } from './operationCalls';
import { nodeAt } from './pythonSyntax';

/** The file and the `def name` / `class Name` it holds, for the identifier at the cursor. */
function target(current: DeployDocument, knowledge: PyinfraKnowledge): { file: string; pattern: RegExp } | undefined {
  const node = nodeAt(current.tree, current.offset);
  if (node.type !== 'identifier') return undefined;
  const imports = deployImports(current.tree);
  const parent = node.parent;
  const call = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id ? parent.parent : parent?.type === 'call' ? parent : undefined;
  const found = call?.type === 'call' ? operationCall(call, imports, knowledge) : undefined;
  if (found?.operation && found.nameNode.id === node.id) return { file: `operations/${found.module}.py`, pattern: new RegExp(`^def ${found.name}\\(`, 'm') };
  const fact = factNamed(node, imports, knowledge);
  if (fact) return { file: `facts/${fact.module}.py`, pattern: new RegExp(`^class ${fact.name}\\b`, 'm') };
  return undefined;
}

export async function operationDefinition(current: DeployDocument, knowledge: PyinfraKnowledge, packageDir: string | undefined): Promise<Location[] | undefined> {
  if (knowledge.origin !== 'installed' || !packageDir) return undefined;
  const wanted = target(current, knowledge);
  if (!wanted) return undefined;
  const file = path.join(packageDir, wanted.file);
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  const match = text === undefined ? undefined : wanted.pattern.exec(text);
  if (!match || text === undefined) return undefined;
  const line = text.slice(0, match.index).split('\n').length - 1;
  return [{ uri: URI.file(file).toString(), range: { start: { line, character: 0 }, end: { line, character: match[0].length } } }];
}
