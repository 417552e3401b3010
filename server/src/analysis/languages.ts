// Which grammar and which analyses apply to a document, by language id or file name.
import type { GrammarId } from '../parsing/documentTrees';

export type DocumentKind = 'packer' | 'packervars' | 'python';

export const LANGUAGE_IDS: Record<DocumentKind, string> = { packer: 'packer', packervars: 'packervars', python: 'python' };

export function documentKind(uri: string, languageId?: string): DocumentKind | undefined {
  if (languageId === 'packer' || languageId === 'packervars' || languageId === 'python') return languageId;
  const name = uri.replace(/[?#].*$/, '').split('/').pop() ?? '';
  if (name.endsWith('.pkrvars.hcl')) return 'packervars';
  if (name.endsWith('.pkr.hcl')) return 'packer';
  if (name.endsWith('.py')) return 'python';
  return undefined;
}

export function grammarOf(kind: DocumentKind): GrammarId {
  return kind === 'python' ? 'python' : 'hcl';
}
