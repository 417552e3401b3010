// Custom messages between the Bilder client and server. The client imports only this file from server/.
export const TRUST_CHANGED_NOTIFICATION = 'bilder/trustChanged';
export interface TrustChangedParams {
  trusted: boolean;
}

export interface InitializationOptions {
  /**
   * true when the workspace may run Packer (VS Code's workspace trust; `--trusted` on the server's command line does the
   * same for other editors). Anything else, absent included, is Restricted Mode: the server then starts no process.
   */
  trusted?: boolean;
  /** The `bilder` settings; `packer.path` is taken from here only (machine-level configuration). */
  settings?: unknown;
}

/** The machine-scoped `bilder.packer.path` changed (VS Code): workspace/configuration answers never set it. */
export const MACHINE_SETTINGS_NOTIFICATION = 'bilder/machineSettingsChanged';
export interface MachineSettingsParams {
  packerPath: string;
  /** `bilder.pyinfra.python`, machine-scoped like the Packer path: the interpreter whose PyInfra Bilder reads. */
  pyinfraPython?: string;
}

/** Client → server: the interpreter the Python extension selected for the workspace, where PyInfra is looked for. */
export const SELECTED_PYTHON_NOTIFICATION = 'bilder/selectedPythonChanged';
export interface SelectedPythonParams {
  /** Absolute path of the interpreter; absent when the Python extension is missing or selected none. */
  interpreter?: string;
}

/** Server → client: which PyInfra the deploy features use (the language status item shows it). */
export const PYINFRA_STATUS_NOTIFICATION = 'bilder/pyinfraStatus';
export interface PyinfraStatusParams {
  version: string;
  /** `installed`: read from the user's PyInfra; `bundled`: Bilder's own catalogue of that release. */
  origin: 'installed' | 'bundled';
  interpreter?: string;
  packageDir?: string;
  /** Why the bundled catalogue serves, when an installed PyInfra was looked for. */
  message?: string;
}

/** Server → client: the Packer plugin releases the schema covers and the binaries installed (the status item shows it). */
export const PACKER_PLUGINS_NOTIFICATION = 'bilder/packerPlugins';
export interface PackerPluginsParams {
  /** Releases Bilder's schema covers; `packer` is Packer's own components. */
  schema: { name: string; source: string; version: string }[];
  /** Newest installed binary of each plugin (PACKER_PLUGIN_PATH, ~/.config/packer/plugins, ~/.packer.d/plugins). */
  installed: { name: string; version: string; source?: string }[];
  /** Installed plugins newer than the schema's release, e.g. `qemu 1.1.6`. */
  newer: string[];
  /** Why the schema data could not be read, if so. */
  problem?: string;
}

/** workspace/executeCommand ids the server answers. They differ from the client's command ids on purpose:
 * vscode-languageclient registers every advertised server command itself, which would clash with the client's own. */
export const SERVER_COMMANDS = {
  validate: 'bilder.server.validate',
  formatWithPacker: 'bilder.server.formatWithPacker',
  packerInit: 'bilder.server.packerInit',
  formatAll: 'bilder.server.formatAll',
  upgradeToHcl2: 'bilder.server.upgradeToHcl2',
} as const;

/** Client commands the server names in what it sends (code actions, code lenses). */
export const CLIENT_COMMANDS = {
  packerInit: 'bilder.packerInit',
  /** Arguments: the document URI, a position and the LSP locations to list in the references view. */
  showReferences: 'bilder.showReferences',
} as const;

/** The one argument of every server command: a file (or, for formatAll, a folder) URI. */
export interface CommandTarget {
  uri: string;
}

export interface CommandReport {
  ok: boolean;
  message: string;
}

/** `packer hcl2_upgrade` of a JSON template: where the new `.pkr.hcl` was written. */
export interface UpgradeReport extends CommandReport {
  outputUri?: string;
}

export interface FormatAllReport extends CommandReport {
  files: number;
  /** URIs of the files whose text the applied WorkspaceEdit changed. */
  changed: string[];
  refused: { uri: string; reason: string }[];
}

// ---- Build Image (issue 5): the client asks, the server's runner spawns packer, events stream back. ----
export const BUILD_IMAGES_REQUEST = 'bilder/build/images';
export const BUILD_PREVIEW_REQUEST = 'bilder/build/preview';
export const BUILD_START_REQUEST = 'bilder/build/start';
export const BUILD_CANCEL_REQUEST = 'bilder/build/cancel';
export const BUILD_EVENT_NOTIFICATION = 'bilder/build/event';

export interface BuildImagesParams {
  /** Absolute folders to search; empty means the workspace folders the server was started with. */
  roots: string[];
}

export interface BuildImageVariable {
  name: string;
  sensitive: boolean;
  hasDefault: boolean;
  /** Set by a `*.auto.pkrvars.hcl` beside the template: Packer loads it without being asked. */
  autoProvided: boolean;
  /** The values a `validation { condition = contains([...], var.x) }` allows. */
  allowedValues?: string[];
  description?: string;
  /** The declared type as written (`list(string)`), when the declaration has one. */
  type?: string;
}

export interface BuildVarFile {
  path: string;
  /** Variables the file assigns, so the client does not ask for them again. */
  names: string[];
}

export interface BuildImage {
  id: string;
  label: string;
  kind: 'image-dir' | 'shared-template' | 'component-test';
  templateDir: string;
  /** Variables fixed by the choice of image, e.g. `app_name` for a shared template. */
  presetVars: Record<string, string>;
  variables: BuildImageVariable[];
  /** `type.name` of every source, the values `-only` accepts. */
  sources: string[];
  varFiles: BuildVarFile[];
  deployFile?: string;
}

export interface BuildRequest {
  templateDir: string;
  label?: string;
  vars?: Record<string, string>;
  varFiles?: string[];
  only?: string[];
  /** Names of variables whose values must never appear in logs, events or history. */
  sensitive?: string[];
  /**
   * Declared types of the variables (as written, e.g. `list(string)`), from the image: a value of a type other than
   * string or number is an HCL expression, as `-var` reads it, also when it travels in the private var file.
   */
  variableTypes?: Record<string, string>;
  /** Where logs and the Packer cache go (the extension's storage); defaults to a temp folder. */
  storageDir?: string;
}

export interface BuildPreview {
  args: string[];
  /** The command line as shown to the user, sensitive values masked. */
  commandLine: string;
}

export interface BuildStartResult extends BuildPreview {
  buildId: string;
  logFile: string;
}

export interface BuildCancelParams {
  buildId: string;
}

export type BuildStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';
export type HostStatus = 'success' | 'no-changes' | 'skipped' | 'error' | 'ignored-error';

/** The counts PyInfra prints per host: 2.x before the run ("Proposed changes") and after it ("Results"). */
export interface PyinfraHostSummary {
  host: string;
  stage: 'proposed' | 'results';
  operations?: number;
  changed: number;
  noChange: number;
  errors?: number;
}

type BuildEventBody =
  | { type: 'build-started'; label: string; commandLine: string; cwd: string; logFile: string; time: number }
  | { type: 'source-started'; source: string }
  | { type: 'step-started'; source: string; index: number; kind: 'provisioner' | 'post-processor'; provisioner: string; detail: string }
  | { type: 'step-finished'; source: string; index: number; status: Exclude<BuildStatus, 'running'> }
  | { type: 'pyinfra-phase'; source: string; phase: string }
  | { type: 'host-connect'; source: string; host: string; ok: boolean; detail: string }
  | { type: 'operation-started'; source: string; operation: string }
  | { type: 'operation-host'; source: string; operation: string; host: string; status: HostStatus; detail?: string; output?: string[] }
  | { type: 'pyinfra-result'; source: string; operation: string; hosts: number; success: number; error: number; noChange: number }
  | { type: 'pyinfra-error'; source: string; message: string; /** The traceback's last lines or the tool's own words. */ output?: string[] }
  | ({ type: 'pyinfra-host-summary'; source: string } & PyinfraHostSummary)
  | { type: 'source-finished'; source: string; status: Exclude<BuildStatus, 'running'>; duration: string; error?: string }
  | { type: 'artifact'; source: string; id: string; description: string }
  | { type: 'error'; source?: string; message: string }
  | { type: 'hint'; source?: string; code: string; message: string }
  | { type: 'cancelling' }
  /** Output lines as printed (secrets masked); with ANSI colours when the session was asked for them. */
  | { type: 'log'; lines: string[]; dropped?: number }
  | { type: 'build-finished'; status: Exclude<BuildStatus, 'running'>; exitCode: number | null; signal: string | null; durationMs: number };

/** `line`: the 0-based line of the build's output that produced the event (log events: of their first line), so that
 * a view can scroll the output to where a step began. The session sets it; the parser alone does not know it. */
export type BuildEvent = BuildEventBody & { line?: number };

export interface BuildEventParams {
  buildId: string;
  events: BuildEvent[];
}

/** The declared types of an image's variables, by name, for BuildRequest.variableTypes (untyped ones are left out). */
export function variableTypesOf(variables: readonly BuildImageVariable[]): Record<string, string> {
  return Object.fromEntries(variables.flatMap((variable) => (variable.type !== undefined ? [[variable.name, variable.type]] : [])));
}

/** Variables the user still has to give a value for, once the image's presets and the chosen var files are applied. */
export function variablesNeedingValues(image: BuildImage, chosenVarFiles: readonly string[] = []): BuildImageVariable[] {
  const fromFiles = new Set(image.varFiles.filter((file) => chosenVarFiles.includes(file.path)).flatMap((file) => file.names));
  return image.variables.filter(
    (variable) => !variable.hasDefault && !variable.autoProvided && !(variable.name in image.presetVars) && !fromFiles.has(variable.name),
  );
}
