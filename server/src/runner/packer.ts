// Finds the configured Packer once and tells the user once when it is missing: every save would otherwise repeat the
// lookup and the complaint. Static features never depend on it.
import type { Logger } from '../logger';
import { clearExecutableCache, resolveExecutable, unacceptableExecutable } from './resolveExecutable';
import { packerVersion } from './packerVersion';
import type { PackerVersion } from './packerVersion';
import { runTool } from './runTool';
import type { RunToolOptions, RunToolResult } from './runTool';

export interface PackerHost {
  logger: Logger;
  /** A one-off message for the user (window/showMessage). */
  warnUser(message: string): void;
}

export type PackerLookup = { kind: 'ready'; executable: string; version: PackerVersion | undefined } | { kind: 'missing'; message: string };

export function missingPackerMessage(setting: string): string {
  return (
    `Bilder could not find Packer ("${setting}"). Install it or set "bilder.packer.path" to the packer executable. ` +
    `packer validate and packer fmt are off until then; everything else keeps working.`
  );
}

export class PackerTool {
  private readonly reportedMissing = new Set<string>();
  private readonly toldOnce = new Set<string>();

  constructor(private readonly host: PackerHost) {}

  async locate(setting: string): Promise<PackerLookup> {
    const refused = unacceptableExecutable(setting);
    if (refused) return this.missing(setting, `Bilder does not run "bilder.packer.path": ${refused}.`);
    const executable = await resolveExecutable(setting);
    if (!executable) return this.missing(setting);
    this.reportedMissing.delete(setting);
    const lookup = await packerVersion(executable);
    if (lookup.kind === 'not-found') {
      clearExecutableCache();
      return this.missing(setting);
    }
    if (lookup.kind === 'unknown') this.host.logger.warn(`could not tell the version of ${executable}: ${lookup.reason}`);
    return { kind: 'ready', executable, version: lookup.kind === 'version' ? lookup.version : undefined };
  }

  /** Runs Packer; a binary that vanished since it was found is reported like a missing one. */
  async run(executable: string, setting: string, args: readonly string[], options: RunToolOptions): Promise<RunToolResult> {
    const result = await runTool(executable, args, options);
    if (result.kind === 'not-found') {
      clearExecutableCache();
      this.missing(setting);
    }
    return result;
  }

  /** Tells the user something once per key (a directory that cannot be validated), then only logs it. */
  tellOnce(key: string, message: string): void {
    if (this.toldOnce.has(key)) {
      this.host.logger.debug(message);
      return;
    }
    this.toldOnce.add(key);
    this.host.logger.warn(message);
    this.host.warnUser(message);
  }

  private missing(setting: string, message = missingPackerMessage(setting)): PackerLookup {
    if (!this.reportedMissing.has(setting)) {
      this.reportedMissing.add(setting);
      this.host.logger.warn(message);
      this.host.warnUser(message);
    }
    return { kind: 'missing', message };
  }
}
