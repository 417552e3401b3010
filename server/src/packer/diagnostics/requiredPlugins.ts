// A directory that manages its plugins with `required_plugins` (Packer ≥ 1.7) but uses a component of a plugin it does
// not list: `packer init` will not install that plugin, so a fresh machine cannot build. Directories without
// required_plugins (plugins installed by hand, Packer 1.6) are not told anything.
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { DiagnosticSeverity, defineRule, makeDiagnostic } from '../../diagnostics/rules';
import type { PackerConfiguration } from '../configuration';
import type { PackerFileModel } from '../model';
import { componentRelease } from '../schema';
import type { ComponentKind, PluginRelease } from '../schema';
import { pluginNameOfSource } from '../schema/pluginVersions';

export const missingRequiredPlugin = defineRule({
  code: 'schema/missing-required-plugin',
  severity: DiagnosticSeverity.Information,
  description: 'A component comes from a plugin that the directory’s `required_plugins` does not list, so `packer init` will not install it.',
});

const STEP_KINDS: Record<string, ComponentKind> = { provisioner: 'provisioner', 'error-cleanup-provisioner': 'provisioner', 'post-processor': 'post-processor' };

/** The plugin (by source address) a file's component uses, where the component's type label is. */
export interface PluginUse {
  type: string;
  kind: ComponentKind;
  range: Range;
  release: PluginRelease;
}

export function missingRequiredPlugins(model: PackerFileModel, configuration: PackerConfiguration): Diagnostic[] {
  if (!configuration.complete || model.kind !== 'packer') return [];
  const blocks = configuration.files.flatMap((file) => file.requiredPlugins);
  if (blocks.length === 0) return [];
  const listed = new Set(blocks.flatMap((block) => block.plugins.map((plugin) => pluginNameOfSource(plugin.source))));
  return pluginUses(model)
    .filter((use) => !listed.has(pluginNameOfSource(use.release.source)))
    .map((use) =>
      makeDiagnostic(
        missingRequiredPlugin,
        use.range,
        `"${use.type}" comes from ${use.release.source}, which required_plugins does not list: packer init will not install it.`,
        { data: { source: use.release.source, version: use.release.version } },
      ),
    );
}

function pluginUses(model: PackerFileModel): PluginUse[] {
  const uses: PluginUse[] = [];
  const add = (kind: ComponentKind, type: string, range: Range) => {
    const release = componentRelease(kind, type);
    if (release && release.source !== 'builtin') uses.push({ type, kind, range, release });
  };
  for (const source of model.sources) add('builder', source.type, source.typeRange);
  for (const data of model.dataSources) add('datasource', data.type, data.typeRange);
  for (const build of model.builds) for (const step of build.steps) add(STEP_KINDS[step.kind]!, step.type, step.typeRange);
  return uses;
}
