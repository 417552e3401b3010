// didSave: the file on disk now matches the buffer, so `packer validate` sees what the user sees.
import type { Connection } from 'vscode-languageserver';
import { packerSession } from '../../validate/session';
import type { HandlerContext } from './context';
import { guarded } from './guard';

export function registerDidSave(connection: Connection, context: HandlerContext): void {
  const { validation } = packerSession(connection, context);
  connection.onDidSaveTextDocument(
    guarded(context.logger, 'didSave', undefined, ({ textDocument }) => {
      const open = context.documents.get(textDocument.uri);
      // Only Packer files drive validation; a saved deploy.py has nothing for packer validate.
      if (open && open.kind !== 'packer' && open.kind !== 'packervars') return;
      if (!open && !/\.pkr(vars)?\.hcl$/.test(textDocument.uri)) return;
      void validation.onSave(textDocument.uri);
    }),
  );
}
