// A component from a plugin that required_plugins does not list: add the plugin to the directory's required_plugins
// block, with its source address and a `>=` constraint on the release Bilder's schema comes from.
import { pluginNameOfSource } from '../schema/pluginVersions';
import type { QuickFix } from './types';

interface MissingPluginData {
  source: string;
  version: string;
}

export const addRequiredPlugin: QuickFix = {
  codes: ['schema/missing-required-plugin'],
  fixAllTitle: 'Add every missing plugin to required_plugins',
  async plan(diagnostic, context) {
    const data = diagnostic.data as Partial<MissingPluginData> | undefined;
    if (typeof data?.source !== 'string' || typeof data.version !== 'string') return undefined;
    // The current file's block when it has one, else the first the directory has.
    const holders = context.configuration.files.filter((file) => file.requiredPlugins.length > 0);
    const holder = holders.find((file) => file.uri === context.document.uri) ?? holders[0];
    const block = holder?.requiredPlugins[0];
    if (!holder || !block) return undefined;
    const text = holder.uri === context.document.uri ? context.document.getText() : await context.textOf(holder.uri);
    if (text === undefined) return undefined;
    const lines = text.split('\n');
    const closing = lines[block.range.end.line] ?? '';
    // `required_plugins {}` on one line would need its braces split; only a `}` on its own line takes an entry.
    if (closing.slice(0, block.range.end.character - 1).trim() !== '' || block.range.end.line === block.range.start.line) return undefined;
    const indent = closing.slice(0, closing.length - closing.trimStart().length);
    const name = pluginNameOfSource(data.source);
    const entry = `${indent}  ${name} = {\n${indent}    source  = "${data.source}"\n${indent}    version = ">= ${data.version}"\n${indent}  }\n`;
    const at = { line: block.range.end.line, character: 0 };
    const where = holder.uri === context.document.uri ? '' : ` in ${decodeURIComponent(holder.uri.slice(holder.uri.lastIndexOf('/') + 1))}`;
    return {
      title: `Add ${name} (>= ${data.version}) to required_plugins${where}`,
      edits: new Map([[holder.uri, [{ range: { start: at, end: at }, newText: entry }]]]),
    };
  },
};

