// The server's view of the `bilder.*` settings: one schema with defaults, parsed from whatever the client sends.
// test/unit/settings.test.ts ties these keys to package.json's contributes.configuration.

export type ValidateOnSave = 'off' | 'syntax' | 'full';
export type FormatEngine = 'auto' | 'packer' | 'native';

export interface Settings {
  packer: { path: string };
  diagnostics: { disabled: string[] };
  validate: { onSave: ValidateOnSave; timeoutSeconds: number; varFiles: string[] };
  format: { engine: FormatEngine };
  /** `python`: the interpreter whose PyInfra Bilder reads (machine-scoped); empty means found automatically. */
  pyinfra: { componentsRoot: string; python: string };
  /** Files larger than this (in KB) keep highlighting but get no analysis; at most the parser's own 4 MB limit. */
  analysis: { maxFileSizeKB: number };
  inlayHints: { variableValues: boolean };
  codeLens: { referenceCounts: boolean };
}

export const DEFAULT_SETTINGS: Settings = {
  packer: { path: 'packer' },
  diagnostics: { disabled: [] },
  validate: { onSave: 'syntax', timeoutSeconds: 60, varFiles: [] },
  format: { engine: 'auto' },
  pyinfra: { componentsRoot: '', python: '' },
  analysis: { maxFileSizeKB: 2048 },
  inlayHints: { variableValues: true },
  codeLens: { referenceCounts: false },
};

/** tree-sitter refuses text above 4 MB whatever the setting says (parsing/documentTrees.ts). */
export const MAX_ANALYSED_KB = 4096;

/** A validate that needs more than an hour is stuck; a timer beyond 2^31 ms would also fire at once in Node. */
export const VALIDATE_TIMEOUT_RANGE = { min: 1, max: 3600 } as const;
/** More var files than this is a mistake (or an attack on the command line's length), not a configuration. */
const MAX_VAR_FILES = 64;

function clamp(value: number, range: { min: number; max: number }): number {
  return Math.min(range.max, Math.max(range.min, value));
}

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** Accepts the `bilder` section as sent by any client; unknown or mistyped values fall back to defaults. */
export function parseSettings(raw: unknown): Settings {
  const root = record(raw);
  const packer = record(root.packer);
  const diagnostics = record(root.diagnostics);
  const validate = record(root.validate);
  const format = record(root.format);
  const pyinfra = record(root.pyinfra);
  const analysis = record(root.analysis);
  const inlayHints = record(root.inlayHints);
  const codeLens = record(root.codeLens);
  const maxFileSizeKB = Number(analysis.maxFileSizeKB);
  const timeout = Number(validate.timeoutSeconds);
  return {
    packer: { path: typeof packer.path === 'string' && packer.path.trim() ? packer.path.trim() : DEFAULT_SETTINGS.packer.path },
    diagnostics: { disabled: stringList(diagnostics.disabled) },
    validate: {
      onSave: pick(validate.onSave, ['off', 'syntax', 'full'], DEFAULT_SETTINGS.validate.onSave),
      timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? clamp(timeout, VALIDATE_TIMEOUT_RANGE) : DEFAULT_SETTINGS.validate.timeoutSeconds,
      varFiles: stringList(validate.varFiles).filter((file) => file.trim() !== '').slice(0, MAX_VAR_FILES),
    },
    format: { engine: pick(format.engine, ['auto', 'packer', 'native'], DEFAULT_SETTINGS.format.engine) },
    pyinfra: {
      componentsRoot: typeof pyinfra.componentsRoot === 'string' ? pyinfra.componentsRoot.trim() : DEFAULT_SETTINGS.pyinfra.componentsRoot,
      python: typeof pyinfra.python === 'string' ? pyinfra.python.trim() : DEFAULT_SETTINGS.pyinfra.python,
    },
    analysis: {
      maxFileSizeKB: Number.isFinite(maxFileSizeKB) && maxFileSizeKB > 0 ? Math.min(MAX_ANALYSED_KB, Math.round(maxFileSizeKB)) : DEFAULT_SETTINGS.analysis.maxFileSizeKB,
    },
    inlayHints: { variableValues: typeof inlayHints.variableValues === 'boolean' ? inlayHints.variableValues : DEFAULT_SETTINGS.inlayHints.variableValues },
    codeLens: { referenceCounts: typeof codeLens.referenceCounts === 'boolean' ? codeLens.referenceCounts : DEFAULT_SETTINGS.codeLens.referenceCounts },
  };
}
