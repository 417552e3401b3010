// The language server process (dist/serverMain.js, run by launcher.ts): VS Code starts it over IPC, other editors run it
// with --stdio.
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { SERVER_NAME, SERVER_VERSION, installCrashGuards, startServer } from './lsp/server';
import { oneWritePerMessage, redirectConsole } from './lsp/stdio';

const TRANSPORT_FLAGS = ['--stdio', '--node-ipc', '--socket', '--pipe'];
const argv = process.argv.slice(2);

if (argv.includes('--version')) {
  process.stdout.write(`${SERVER_NAME} ${SERVER_VERSION}\n`);
} else if (!argv.some((arg) => TRANSPORT_FLAGS.some((flag) => arg === flag || arg.startsWith(`${flag}=`)))) {
  process.stderr.write(
    `${SERVER_NAME} ${SERVER_VERSION}: a Packer + PyInfra language server.\n` +
      `Usage: ${SERVER_NAME} --stdio   (or --node-ipc, --socket=<port>, --pipe=<name>)\n`,
  );
  process.exitCode = 2;
} else {
  const stdio = argv.includes('--stdio');
  const connection = stdio ? createConnection(ProposedFeatures.all, process.stdin, oneWritePerMessage(process.stdout)) : createConnection(ProposedFeatures.all);
  if (stdio) redirectConsole(connection.console);
  installCrashGuards(connection.console);
  startServer(connection);
}
