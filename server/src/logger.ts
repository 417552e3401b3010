// Logging goes through the LSP connection (window/logMessage), which VS Code shows in the Bilder LogOutputChannel.
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export interface LogSink {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  log(message: string): void;
}

export function loggerFor(sink: LogSink): Logger {
  return {
    error: (message) => sink.error(message),
    warn: (message) => sink.warn(message),
    info: (message) => sink.info(message),
    debug: (message) => sink.log(message),
  };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
