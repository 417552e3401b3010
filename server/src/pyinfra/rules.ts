// The diagnostics of deploy.py and component modules. Codes are stable: users disable them by name.
import { DiagnosticSeverity, defineRule } from '../diagnostics/rules';

export const unknownComponent = defineRule({
  code: 'pyinfra/unknown-component',
  severity: DiagnosticSeverity.Error,
  description: 'An import from `bilder.components` names a package, module or function that the components folder does not have.',
});

export const missingFile = defineRule({
  code: 'pyinfra/missing-file',
  severity: DiagnosticSeverity.Error,
  description: 'A local file the deploy uploads (`src="files/…"`, `Path(__file__).parent / "templates" / …`) does not exist.',
});

export const unpinnedPackage = defineRule({
  code: 'pyinfra/unpinned-package',
  severity: DiagnosticSeverity.Information,
  description: 'A package in `apt.packages` has no version (`name=version`), so images built on different days differ.',
});

export const preferOperation = defineRule({
  code: 'pyinfra/prefer-operation',
  severity: DiagnosticSeverity.Information,
  description: '`server.shell` runs a command that an idempotent PyInfra operation does better (it checks state first).',
});

export const envNotPassed = defineRule({
  code: 'pyinfra/env-not-passed',
  severity: DiagnosticSeverity.Warning,
  description: 'The deploy reads an environment variable without a default that no Packer template running it passes in `environment_vars`.',
});
