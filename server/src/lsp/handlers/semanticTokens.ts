// textDocument/semanticTokens/full: meaning the TextMate grammar cannot know (declared vs undeclared names, functions).
import type { Connection } from 'vscode-languageserver';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

export function registerSemanticTokens(connection: Connection, context: HandlerContext): void {
  connection.languages.semanticTokens.on(
    withSnapshot(context, 'semanticTokens', (service, snapshot, params) => service.semanticTokens?.(snapshot, params)),
  );
}
