// npm run schema:generate [-- <plugins folder> [<output folder>]]
// Regenerates server/src/packer/schema/generated/ from plugin source trees (default: the team's shared/packer-plugins,
// or $BILDER_SHARED/packer-plugins). Everything is read and converted before anything is written, so a malformed
// input leaves the committed data untouched; files no longer produced are removed.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { extractSchema } from './extract';
import type { ExtractedSchema } from './extract';
import { SchemaInputError } from './goSource';
import type { GeneratedPlugin } from '../../server/src/packer/schema/generatedFormat';

export const GENERATED_DIR = path.join(__dirname, '..', '..', 'server', 'src', 'packer', 'schema', 'generated');
export const INDEX_FILE = 'index.json';

export function defaultPluginsDir(): string {
  const shared = process.env.BILDER_SHARED ?? path.join(__dirname, '..', '..', '..', 'shared');
  return path.join(shared, 'packer-plugins');
}

/** One body per line: small diffs when a plugin release changes a few attributes. */
function pluginText(plugin: GeneratedPlugin): string {
  const { bodies, components, ...head } = plugin;
  const lines = [
    '{',
    ...Object.entries(head).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)},`),
    '"components":[',
    components.map((component) => JSON.stringify(component)).join(',\n'),
    '],',
    '"bodies":{',
    Object.entries(bodies).map(([key, body]) => `${JSON.stringify(key)}:${JSON.stringify(body)}`).join(',\n'),
    '}}',
  ];
  return `${lines.join('\n')}\n`;
}

/** File name → content of everything the generator writes. */
export function renderSchema(schema: ExtractedSchema): Map<string, string> {
  const files = new Map<string, string>();
  files.set(INDEX_FILE, `${JSON.stringify(schema.index, null, 1)}\n`);
  for (const plugin of schema.plugins) files.set(`${plugin.name}.json`, pluginText(plugin));
  return files;
}

export function writeSchema(files: Map<string, string>, outputDir: string): void {
  mkdirSync(outputDir, { recursive: true });
  for (const name of readdirSync(outputDir)) if (name.endsWith('.json') && !files.has(name)) rmSync(path.join(outputDir, name));
  for (const [name, text] of files) writeFileSync(path.join(outputDir, name), text);
}

function main(): void {
  const [input = defaultPluginsDir(), output = GENERATED_DIR] = process.argv.slice(2);
  try {
    const files = renderSchema(extractSchema(input));
    writeSchema(files, output);
    const bytes = [...files.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    console.log(`wrote ${files.size} files (${(bytes / 1024).toFixed(0)} KB) to ${path.relative(process.cwd(), output) || '.'}`);
  } catch (error) {
    if (error instanceof SchemaInputError) {
      console.error(`schema:generate: ${error.message}\nNothing was written.`);
      process.exit(1);
    }
    throw error;
  }
}

if (require.main === module) main();
