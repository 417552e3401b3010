// The diagnostics of deploy.py and component modules about components, local files and the environment; the
// operation-call rules live one per file in rules/. Codes are stable: users disable them by name.
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

export const envNotPassed = defineRule({
  code: 'pyinfra/env-not-passed',
  severity: DiagnosticSeverity.Warning,
  description: 'The deploy reads an environment variable without a default that no Packer template running it passes in `environment_vars`.',
});
