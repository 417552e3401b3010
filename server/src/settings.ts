// The server's view of the `bilder.*` settings: one schema with defaults, parsed from whatever the client sends.
// test/unit/settings.test.ts ties these keys to package.json's contributes.configuration.

export type ValidateOnSave = 'off' | 'syntax' | 'full';
export type FormatEngine = 'auto' | 'packer' | 'native';

export interface Settings {
  packer: { path: string };
  diagnostics: { disabled: string[] };
  validate: { onSave: ValidateOnSave; timeoutSeconds: number; varFiles: string[] };
  format: { engine: FormatEngine };
  pyinfra: { componentsRoot: string };
  /** Files larger than this (in KB) keep highlighting but get no analysis; at most the parser's own 4 MB limit. */
  analysis: { maxFileSizeKB: number };
}

export const DEFAULT_SETTINGS: Settings = {
  packer: { path: 'packer' },
  diagnostics: { disabled: [] },
  validate: { onSave: 'syntax', timeoutSeconds: 60, varFiles: [] },
  format: { engine: 'auto' },
  pyinfra: { componentsRoot: '' },
  analysis: { maxFileSizeKB: 2048 },
};

/** tree-sitter refuses text above 4 MB whatever the setting says (parsing/documentTrees.ts). */
const MAX_ANALYSED_KB = 4096;

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
  const maxFileSizeKB = Number(analysis.maxFileSizeKB);
  const timeout = Number(validate.timeoutSeconds);
  return {
    packer: { path: typeof packer.path === 'string' && packer.path.trim() ? packer.path.trim() : DEFAULT_SETTINGS.packer.path },
    diagnostics: { disabled: stringList(diagnostics.disabled) },
    validate: {
      onSave: pick(validate.onSave, ['off', 'syntax', 'full'], DEFAULT_SETTINGS.validate.onSave),
      timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_SETTINGS.validate.timeoutSeconds,
      varFiles: stringList(validate.varFiles),
    },
    format: { engine: pick(format.engine, ['auto', 'packer', 'native'], DEFAULT_SETTINGS.format.engine) },
    pyinfra: { componentsRoot: typeof pyinfra.componentsRoot === 'string' ? pyinfra.componentsRoot.trim() : DEFAULT_SETTINGS.pyinfra.componentsRoot },
    analysis: {
      maxFileSizeKB: Number.isFinite(maxFileSizeKB) && maxFileSizeKB > 0 ? Math.min(MAX_ANALYSED_KB, Math.round(maxFileSizeKB)) : DEFAULT_SETTINGS.analysis.maxFileSizeKB,
    },
  };
}
