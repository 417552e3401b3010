// workspace/symbol: every language service's declarations across the workspace, one list.
import type { Connection, SymbolInformation } from 'vscode-languageserver';
import { distinctServices } from '../../languages';
import { describeError } from '../../logger';
import type { HandlerContext } from './context';

export function registerWorkspaceSymbol(connection: Connection, context: HandlerContext): void {
  connection.onWorkspaceSymbol(async ({ query }) => {
    const symbols: SymbolInformation[] = [];
    for (const service of distinctServices(context.services)) {
      try {
        symbols.push(...((await service.workspaceSymbols?.(query)) ?? []));
      } catch (error) {
        context.logger.error(`workspaceSymbol failed: ${describeError(error)}`);
      }
    }
    return symbols;
  });
}
