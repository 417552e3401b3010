// A bug in one feature must never take the server down: every handler runs behind this guard.
import type { Logger } from '../../logger';
import { describeError } from '../../logger';

export function guarded<P extends unknown[], R>(logger: Logger, name: string, fallback: R, handler: (...params: P) => R): (...params: P) => R {
  return (...params: P): R => {
    try {
      return handler(...params);
    } catch (error) {
      logger.error(`${name} failed: ${describeError(error)}`);
      return fallback;
    }
  };
}
