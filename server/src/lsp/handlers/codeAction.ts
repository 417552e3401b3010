import type { CodeAction, Connection, Diagnostic } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import { CLIENT_COMMANDS } from '../../../../protocol';
import { PACKER_VALIDATE_SOURCE } from '../../diagnostics/rules';
import type { HandlerContext } from './context';
import { withSnapshot } from './snapshot';

/** Modern Packer refuses a full validate until `packer init` has installed the required plugins: offer to run it. */
function packerInitActions(diagnostics: readonly Diagnostic[]): CodeAction[] {
  const missing = diagnostics.filter(
    (diagnostic) => diagnostic.source === PACKER_VALIDATE_SOURCE && typeof diagnostic.message === 'string' && /^Missing plugins/.test(diagnostic.message),
  );
  if (missing.length === 0) return [];
  return [
    {
      title: 'Run packer init for this template',
      kind: CodeActionKind.QuickFix,
      diagnostics: missing,
      isPreferred: true,
      command: { title: 'Bilder: Packer Init', command: CLIENT_COMMANDS.packerInit },
    },
  ];
}

export function registerCodeAction(connection: Connection, context: HandlerContext): void {
  connection.onCodeAction(
    withSnapshot(context, 'codeAction', async (service, snapshot, params) => [
      ...packerInitActions(params.context.diagnostics),
      ...((await service.codeActions?.(snapshot, params)) ?? []),
    ]),
  );
}
