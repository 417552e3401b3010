// Every diagnostic Bilder reports carries a stable code from a rule registered here, so users can look it up in the
// README and switch it off with the `bilder.diagnostics.disabled` setting.
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import type { Diagnostic, Range } from 'vscode-languageserver-types';

export const BILDER_SOURCE = 'bilder';
export const PACKER_VALIDATE_SOURCE = 'packer validate';

export interface Rule {
  /** `<group>/<name>`, e.g. `syntax/missing-newline-after-argument`. Never renamed once released. */
  code: string;
  severity: DiagnosticSeverity;
  /** One line for the README's rule table. */
  description: string;
  tags?: DiagnosticTag[];
}

const registry = new Map<string, Rule>();

export function defineRule(rule: Rule): Rule {
  if (registry.has(rule.code)) throw new Error(`rule ${rule.code} defined twice`);
  registry.set(rule.code, rule);
  return rule;
}

export function allRules(): Rule[] {
  return [...registry.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export function makeDiagnostic(rule: Rule, range: Range, message: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  const diagnostic: Diagnostic = { range, message, severity: rule.severity, source: BILDER_SOURCE, code: rule.code, ...extra };
  if (rule.tags && !diagnostic.tags) diagnostic.tags = rule.tags;
  return diagnostic;
}

/**
 * A code is disabled when the setting lists it or one of its group prefixes (`syntax`, `syntax/`, or `syntax/*`).
 */
export function isDisabled(code: string | number | undefined, disabled: readonly string[]): boolean {
  if (typeof code !== 'string') return false;
  return disabled.some((entry) => {
    const prefix = entry.replace(/\/?\*?$/, '');
    return code === entry || code === prefix || code.startsWith(`${prefix}/`);
  });
}

export { DiagnosticSeverity, DiagnosticTag };
