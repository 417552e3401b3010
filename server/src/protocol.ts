// Custom messages between the Bilder client and server. The client imports only this file from server/.
export const TRUST_CHANGED_NOTIFICATION = 'bilder/trustChanged';
export interface TrustChangedParams {
  trusted: boolean;
}

export const SERVER_STATUS_NOTIFICATION = 'bilder/status';
export interface ServerStatusParams {
  state: 'ready' | 'busy' | 'error';
  message: string;
}

export interface InitializationOptions {
  /** false in VS Code's Restricted Mode: the server then spawns nothing. Other editors default to trusted. */
  trusted?: boolean;
  settings?: unknown;
}

/** workspace/executeCommand ids the server answers. They differ from the client's command ids on purpose:
 * vscode-languageclient registers every advertised server command itself, which would clash with the client's own. */
export const SERVER_COMMANDS = {
  validate: 'bilder.server.validate',
  formatWithPacker: 'bilder.server.formatWithPacker',
  packerInit: 'bilder.server.packerInit',
  formatAll: 'bilder.server.formatAll',
} as const;

/** The one argument of every server command: a file (or, for formatAll, a folder) URI. */
export interface CommandTarget {
  uri: string;
}

export interface CommandReport {
  ok: boolean;
  message: string;
}

export interface FormatAllReport extends CommandReport {
  files: number;
  /** URIs of the files whose text the applied WorkspaceEdit changed. */
  changed: string[];
  refused: { uri: string; reason: string }[];
}
