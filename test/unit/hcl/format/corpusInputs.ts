// Formatter inputs from the shared corpus: the files as committed, and de-formatted copies that give the formatter
// real work (indentation stripped, `name = value` collapsed to `name=value`), as described in corpus/README.md.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CORPUS_DIR, syntaxValidCorpusFiles } from '../../../helpers/shared';

export interface CorpusInput {
  name: string;
  text: string;
  suffix: 'pkr.hcl' | 'pkrvars.hcl';
}

const ASSIGNMENT_START = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*=(?![=>])[ \t]*/;
const HEREDOC_OPEN = /<<-?([A-Za-z_][A-Za-z0-9_-]*)\r?$/;

/**
 * De-formats `text` line by line (LF-split, so CRLF lines keep their CR). `insideHeredocs` decides whether heredoc
 * bodies are stripped too (the README's variant) or left alone (so only formatting-relevant text moves).
 */
export function deformat(text: string, insideHeredocs: boolean): string {
  let marker: string | undefined;
  return text
    .split('\n')
    .map((line) => {
      if (marker !== undefined) {
        if (line.trim() === marker) marker = undefined;
        return insideHeredocs ? line.replace(/^[ \t]+/, '') : line;
      }
      const stripped = line.replace(/^[ \t]+/, '').replace(ASSIGNMENT_START, '$1=');
      marker = HEREDOC_OPEN.exec(stripped)?.[1];
      return stripped;
    })
    .join('\n');
}

export function corpusInputs(): CorpusInput[] {
  return syntaxValidCorpusFiles().map((name) => ({
    name,
    text: readFileSync(path.join(CORPUS_DIR, name), 'utf8'),
    suffix: name.endsWith('.pkrvars.hcl') ? 'pkrvars.hcl' : 'pkr.hcl',
  }));
}
