// Tokenizes text with the extension's TextMate grammar exactly as VS Code does: vscode-textmate driven by the
// Oniguruma wasm, one line at a time, the rule stack carried from line to line.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { REPO_ROOT } from '../helpers/lspClient';

export const GRAMMAR_PATH = path.join(REPO_ROOT, 'syntaxes', 'packer.tmLanguage.json');
export const ROOT_SCOPE = 'source.hcl.packer';

let grammarPromise: Promise<textmate.IGrammar> | undefined;

export function loadGrammar(): Promise<textmate.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(path.join(REPO_ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === ROOT_SCOPE
          ? textmate.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH)
          : null,
    });
    const grammar = await registry.loadGrammar(ROOT_SCOPE);
    if (!grammar) throw new Error(`grammar ${ROOT_SCOPE} did not load from ${GRAMMAR_PATH}`);
    return grammar;
  })();
  return grammarPromise;
}

export interface Token {
  text: string;
  scopes: string[];
}

export interface TokenizedLine {
  text: string;
  tokens: Token[];
}

export interface TokenizedDocument {
  lines: TokenizedLine[];
  /** Rule stack after the last line: depth 1 means every block, string and heredoc was closed. */
  finalDepth: number;
}

/** Splits like VS Code's text model: CRLF, LF and bare CR all end a line; a leading BOM is not part of the text. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

export async function tokenize(text: string): Promise<TokenizedDocument> {
  const grammar = await loadGrammar();
  let stack: textmate.StateStack = textmate.INITIAL;
  const lines: TokenizedLine[] = [];
  for (const line of splitLines(text)) {
    // No time limit: a loaded test machine must not truncate a line's tokens and change the result.
    const result = grammar.tokenizeLine(line, stack);
    lines.push({
      text: line,
      tokens: result.tokens.map((token) => ({
        text: line.slice(token.startIndex, token.endIndex),
        scopes: token.scopes,
      })),
    });
    stack = result.ruleStack;
  }
  return { lines, finalDepth: stack.depth };
}

/**
 * Snapshot text: each source line as `N: text`, then one row per token, `  "text" → scopes` without the root scope.
 * Whitespace-only tokens are left out; their scopes are whatever surrounds them and only add noise to reviews.
 */
export function formatSnapshot(document: TokenizedDocument): string {
  const out: string[] = [];
  document.lines.forEach((line, index) => {
    out.push(`${index + 1}: ${line.text}`);
    for (const token of line.tokens) {
      if (token.text.trim() === '') continue;
      out.push(`  ${JSON.stringify(token.text)} → ${token.scopes.filter((scope) => scope !== ROOT_SCOPE).join(' ')}`);
    }
  });
  return out.join('\n') + '\n';
}
