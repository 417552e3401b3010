// Shared by the PyInfra unit tests: the bundled catalogues as knowledge, and a parsed deploy.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PyinfraKnowledge } from '../../../server/src/pyinfra/catalogue/knowledge';
import type { PyinfraCatalogue } from '../../../server/src/pyinfra/catalogue/types';
import type { LanguageParser, SyntaxTree } from '../../../server/src/parsing/treeSitter';
import type { DeployDocument } from '../../../server/src/pyinfra/deployContext';
import { REPO_ROOT } from '../../helpers/lspClient';

export const GENERATED = path.join(REPO_ROOT, 'server', 'src', 'pyinfra', 'catalogue', 'generated');

export function bundledCatalogue(version: '2.9.2' | '3.1.1'): PyinfraCatalogue {
  return JSON.parse(readFileSync(path.join(GENERATED, `pyinfra-${version}.json`), 'utf8')) as PyinfraCatalogue;
}

export function knowledgeOf(version: '2.9.2' | '3.1.1'): PyinfraKnowledge {
  return new PyinfraKnowledge(bundledCatalogue(version), 'bundled', bundledCatalogue(version === '3.1.1' ? '2.9.2' : '3.1.1'));
}

/** The deploy with `|` marking the cursor (removed from the text). */
export function deployDocument(python: LanguageParser, source: string, filePath = '/work/image/deploy.py'): DeployDocument & { tree: SyntaxTree } {
  const offset = Math.max(0, source.indexOf('|'));
  const text = source.replace('|', '');
  return { document: TextDocument.create(`file://${filePath}`, 'python', 1, text), tree: python.parse(text), filePath, offset };
}
