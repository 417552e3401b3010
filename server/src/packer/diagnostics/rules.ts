// The Packer rules: what Bilder checks in a configuration directory beyond syntax. Codes are stable (README table).
import { DiagnosticSeverity, DiagnosticTag, defineRule } from '../../diagnostics/rules';

export const undeclaredVariable = defineRule({
  code: 'reference/undeclared-variable',
  severity: DiagnosticSeverity.Error,
  description: '`var.<name>` names no variable declared in the configuration directory.',
});

export const undeclaredLocal = defineRule({
  code: 'reference/undeclared-local',
  severity: DiagnosticSeverity.Error,
  description: '`local.<name>` names no local declared in the configuration directory.',
});

export const undeclaredSource = defineRule({
  code: 'reference/undeclared-source',
  severity: DiagnosticSeverity.Error,
  description: 'A `source.<type>.<name>` reference or build `source` block names no declared source.',
});

export const undeclaredData = defineRule({
  code: 'reference/undeclared-data',
  severity: DiagnosticSeverity.Error,
  description: '`data.<type>.<name>` names no data source declared in the configuration directory.',
});

export const unknownBuildSource = defineRule({
  code: 'reference/unknown-build-source',
  severity: DiagnosticSeverity.Error,
  description: 'An entry of a build’s `sources` names no declared source.',
});

export const restrictedFunction = defineRule({
  code: 'reference/restricted-function',
  severity: DiagnosticSeverity.Error,
  description: 'A function that is only allowed in variable defaults (`env`) is called elsewhere.',
});

export const unknownBlock = defineRule({
  code: 'schema/unknown-block',
  severity: DiagnosticSeverity.Error,
  description: 'A top-level or build block type Packer does not know.',
});

export const labelCount = defineRule({
  code: 'schema/label-count',
  severity: DiagnosticSeverity.Error,
  description: 'A block has more or fewer labels than its type takes.',
});

export const unknownAttribute = defineRule({
  code: 'schema/unknown-attribute',
  severity: DiagnosticSeverity.Warning,
  description: 'An attribute or nested block that the block’s schema (Packer core or a known plugin) does not define.',
});

export const deprecatedAttribute = defineRule({
  code: 'schema/deprecated-attribute',
  severity: DiagnosticSeverity.Hint,
  description: 'An attribute the plugin or Packer still accepts but has replaced; the hint says with what.',
  tags: [DiagnosticTag.Deprecated],
});

export const removedAttribute = defineRule({
  code: 'schema/removed-attribute',
  severity: DiagnosticSeverity.Information,
  description:
    'An attribute an earlier release of the plugin had and the release Bilder knows removed; it works only with that earlier release.',
});

export const notInKnownRelease = defineRule({
  code: 'schema/not-in-known-release',
  severity: DiagnosticSeverity.Information,
  description:
    'An attribute or block that the plugin release Bilder knows lacks, while the configuration requires (required_plugins) or the machine has another release, which may have it.',
});

export const missingRequiredAttribute = defineRule({
  code: 'schema/missing-required-attribute',
  severity: DiagnosticSeverity.Error,
  description: 'A required attribute is missing and nothing else (dynamic blocks, build-level overrides) can supply it.',
});

export const missingPluginAttribute = defineRule({
  code: 'schema/missing-plugin-attribute',
  severity: DiagnosticSeverity.Information,
  description:
    'A plugin marks an attribute required and the block lacks it. Plugins’ required flags have exceptions (alternatives, environment variables), so this is information only.',
});

export const duplicateSource = defineRule({
  code: 'schema/duplicate-source',
  severity: DiagnosticSeverity.Error,
  description: 'Two `source` (or `data`) blocks of the directory have the same type and name.',
});

export const duplicateVariable = defineRule({
  code: 'variables/duplicate-variable',
  severity: DiagnosticSeverity.Error,
  description: 'A variable is declared more than once in the configuration directory.',
});

export const duplicateLocal = defineRule({
  code: 'variables/duplicate-local',
  severity: DiagnosticSeverity.Error,
  description: 'A local is declared more than once in the configuration directory.',
});

export const defaultTypeMismatch = defineRule({
  code: 'variables/default-type-mismatch',
  severity: DiagnosticSeverity.Error,
  description: 'A variable’s literal default cannot be converted to its declared `type`.',
});

export const undeclaredAssignment = defineRule({
  code: 'variables/undeclared-assignment',
  severity: DiagnosticSeverity.Warning,
  description: 'A `.pkrvars.hcl` file sets a variable the configuration does not declare (Packer warns and ignores it).',
});

export const unusedVariable = defineRule({
  code: 'variables/unused-variable',
  severity: DiagnosticSeverity.Hint,
  description: 'A variable is declared but never read as `var.<name>` in the directory.',
  tags: [DiagnosticTag.Unnecessary],
});

export const unusedLocal = defineRule({
  code: 'variables/unused-local',
  severity: DiagnosticSeverity.Hint,
  description: 'A local is declared but never read as `local.<name>` in the directory.',
  tags: [DiagnosticTag.Unnecessary],
});
