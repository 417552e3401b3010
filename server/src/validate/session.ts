// The Packer state the save, formatting and command handlers share: one PackerTool (so "Packer is missing" is said
// once) and one validation scheduler (so a save and a command for the same directory never run Packer side by side).
import type { Connection } from 'vscode-languageserver';
import { MessageType, ShowMessageNotification } from 'vscode-languageserver';
import type { HandlerContext } from '../lsp/handlers/context';
import { PackerTool } from '../runner/packer';
import { ValidateScheduler } from './scheduler';

export interface PackerSession {
  packer: PackerTool;
  validation: ValidateScheduler;
}

const sessions = new WeakMap<HandlerContext, PackerSession>();

export function packerSession(connection: Connection, context: HandlerContext): PackerSession {
  let session = sessions.get(context);
  if (!session) {
    const packer = new PackerTool({
      logger: context.logger,
      warnUser: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
    });
    const validation = new ValidateScheduler({ ...context, packer });
    session = { packer, validation };
    sessions.set(context, session);
  }
  return session;
}
