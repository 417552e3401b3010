// workspace/symbol: declarations of every indexed Packer configuration.
import type { Connection } from 'vscode-languageserver';
import { describeError } from '../../logger';
import { workspaceSymbols } from '../../packer/workspaceSymbols';
import type { WorkspaceIndex } from '../../workspace/workspaceIndex';
import type { HandlerContext } from './context';

export function registerWorkspaceSymbol(connection: Connection, context: HandlerContext, workspace: WorkspaceIndex): void {
  connection.onWorkspaceSymbol(({ query }) => {
    try {
      return workspaceSymbols(workspace.configurations(), query);
    } catch (error) {
      context.logger.error(`workspaceSymbol failed: ${describeError(error)}`);
      return [];
    }
  });
}
