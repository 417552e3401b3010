#!/usr/bin/env node
// The `bilder` command line: the language server's engine for CI and terminals.
import { CHECK_USAGE, runCheck } from './check';
import { FMT_USAGE, runFmt } from './fmt';
import { BUILD_USAGE, runBuild } from './build';
import { BILDER_VERSION } from '../version';
import { endQuietlyOnClosedOutput } from './output';

const USAGE = `Usage: bilder <command> [options]

Commands:
${CHECK_USAGE}
${FMT_USAGE}
${BUILD_USAGE}

Exit codes: 0 no errors (build: succeeded), 1 errors found (build: failed or cancelled), 2 bad usage or unreadable input; fmt --check: 3 when a file needs formatting; 141 the output was closed early (as a shell reports SIGPIPE).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return runCheck(rest, USAGE);
    case 'build':
      return runBuild(rest, USAGE);
    case 'fmt':
      return runFmt(rest, USAGE);
    case '--version':
    case 'version':
      process.stdout.write(`bilder ${BILDER_VERSION}\n`);
      return 0;
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`bilder: unknown command "${command}"\n\n${USAGE}\n`);
      return 2;
  }
}

// `bilder check | head -1`: the reader leaving early ends the program quietly, not with a stack trace.
endQuietlyOnClosedOutput();
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bilder: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
