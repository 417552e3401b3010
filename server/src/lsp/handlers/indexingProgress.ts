// Background indexing shown as LSP work-done progress: the editor shows how far it is, and a client (the benchmark
// among them) learns when every template of the workspace is in the index.
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import type { IndexingProgress } from '../../workspace/workspaceIndex';

/** A workspace of thousands of directories must not flood the client with one message per directory. */
const REPORT_EVERY_MS = 200;

export function indexingProgress(connection: Connection): IndexingProgress {
  // Every step waits for the one before, so `end` never overtakes `begin` while the token is still being created.
  let steps: Promise<WorkDoneProgressServerReporter | undefined> | undefined;
  let lastReport = 0;
  const then = (step: (reporter: WorkDoneProgressServerReporter) => void) => {
    steps = steps?.then((reporter) => {
      try {
        if (reporter) step(reporter);
        return reporter;
      } catch {
        // The connection is gone (the editor closed it): nobody is left to tell.
        return undefined;
      }
    });
  };
  return {
    started(directories) {
      if (directories === 0) return;
      // Clients without work-done progress get a reporter that sends nothing.
      steps = connection.window
        .createWorkDoneProgress()
        .then((reporter) => {
          reporter.begin('Indexing Packer templates', 0, `0/${directories} directories`);
          return reporter;
        })
        .catch(() => undefined);
    },
    advanced(done, total) {
      const now = performance.now();
      if (now - lastReport < REPORT_EVERY_MS) return;
      lastReport = now;
      then((reporter) => reporter.report(Math.floor((done * 100) / total), `${done}/${total} directories`));
    },
    finished() {
      then((reporter) => reporter.done());
    },
  };
}
