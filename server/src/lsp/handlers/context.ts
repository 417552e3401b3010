// What every handler may use: the engine, built once by server.ts. Handlers never reach for globals and hold no state
// beyond what their own LSP feature needs (e.g. the build ids a client may cancel).
import type { Engine } from '../../engine';

export type HandlerContext = Engine;
