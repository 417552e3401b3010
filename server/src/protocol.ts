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
