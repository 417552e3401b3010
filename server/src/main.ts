// The language server process (dist/serverMain.js, run by launcher.ts): VS Code starts it over IPC, other editors run it
// with --stdio.
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { SERVER_NAME, SERVER_VERSION, installCrashGuards, startServer } from './lsp/server';
import { oneWritePerMessage, redirectConsole, watchClientArrivals } from './lsp/stdio';
import { stopOnSignals } from './runner/signals';

const TRANSPORT_FLAGS = ['--stdio', '--node-ipc', '--socket', '--pipe'];
const argv = process.argv.slice(2);

if (argv.includes('--version')) {
  process.stdout.write(`${SERVER_NAME} ${SERVER_VERSION}\n`);
} else if (!argv.some((arg) => TRANSPORT_FLAGS.some((flag) => arg === flag || arg.startsWith(`${flag}=`)))) {
  process.stderr.write(
    `${SERVER_NAME} ${SERVER_VERSION}: a Packer + PyInfra language server.\n` +
      `Usage: ${SERVER_NAME} --stdio [--trusted]   (or --node-ipc, --socket=<port>, --pipe=<name>)\n` +
      `  --trusted  let the workspace run Packer (validate on save, packer fmt, builds); without it no process is started\n`,
  );
  process.exitCode = 2;
} else {
  const stdio = argv.includes('--stdio');
  const connection = stdio ? createConnection(ProposedFeatures.all, process.stdin, oneWritePerMessage(process.stdout)) : createConnection(ProposedFeatures.all);
  if (stdio) redirectConsole(connection.console);
  installCrashGuards(connection.console);
  const arrivalsVisible = stdio || argv.includes('--node-ipc');
  let lastArrival: (() => number) | undefined;
  const server = startServer(connection, { trusted: argv.includes('--trusted'), lastClientArrival: () => lastArrival?.() ?? Number.NEGATIVE_INFINITY });
  if (arrivalsVisible) lastArrival = watchClientArrivals(stdio ? 'stdio' : 'node-ipc');
  // SIGTERM/SIGINT/SIGHUP: cancel the Packer runs (validate killed, builds get Packer's cleanup briefly), then kill
  // whatever is left and exit; a second signal forces it at once.
  stopOnSignals({ stop: () => server.stop(), graceMs: 2000 });
}
