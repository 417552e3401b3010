// The retyping sweep: in every corpus template, opened with the other files of its real directory, each attribute and
// nested-block name inside a block is deleted and typed again; after 1 and after 3 characters completion must offer it.
// The text is then invalid around the cursor, as it is while a person types, and the tree is reparsed incrementally
// as the server does. Names users invent (locals, variables, object keys) and bodies of plugins the schema does not
// know are left out; names the schema does not define are counted apart (they can only come from a gap in it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Point } from 'web-tree-sitter';
import { Edit } from 'web-tree-sitter';
import { blocksWithDynamic, schemaOfBlockPath } from '../../../server/src/packer/blockPathSchema';
import type { BlockPathStep } from '../../../server/src/packer/blockPathSchema';
import { packerCompletion } from '../../../server/src/packer/completion';
import { PackerConfiguration } from '../../../server/src/packer/configuration';
import { buildFileModel } from '../../../server/src/packer/model';
import type { FileKind } from '../../../server/src/packer/model';
import { attributeName, attributesOf, blockBody, blockLabels, blocksOf, blockType, fileBody } from '../../../server/src/parsing/nodes';
import type { SyntaxNode } from '../../../server/src/parsing/treeSitter';
import { createParsers } from '../../../server/src/parsing/treeSitter';
import { CORPUS_DIR, SKIP_WITHOUT_SHARED, corpusDirectories } from '../../helpers/shared';

/** Characters typed before completion is asked: the first keystroke, and a few more. */
const TYPED = [1, 3] as const;

interface NameSite {
  name: string;
  start: number;
  end: number;
  path: BlockPathStep[];
  /** How many items of the same body have this name. */
  occurrences: number;
}

/** Every attribute and nested-block name inside a block, with the path of the block it is in. */
function nameSites(body: SyntaxNode | undefined, text: string, path: BlockPathStep[] = []): NameSite[] {
  if (!body) return [];
  const sites: NameSite[] = [];
  const counts = new Map<string, number>();
  for (const name of [...attributesOf(body).map(attributeName), ...blocksOf(body).map(blockType)]) counts.set(name, (counts.get(name) ?? 0) + 1);
  if (path.length > 0) {
    for (const attribute of attributesOf(body)) {
      const name = attribute.namedChildren[0]!;
      sites.push({ name: attributeName(attribute), start: name.startIndex, end: name.endIndex, path, occurrences: counts.get(attributeName(attribute))! });
    }
  }
  for (const block of blocksOf(body)) {
    const name = block.namedChildren[0]!;
    if (path.length > 0) sites.push({ name: blockType(block), start: name.startIndex, end: name.endIndex, path, occurrences: counts.get(blockType(block))! });
    sites.push(...nameSites(blockBody(block), text, [...path, { type: blockType(block), labels: blockLabels(block, text) }]));
  }
  return sites;
}

function pointAt(text: string, offset: number): Point {
  const before = text.slice(0, offset);
  const row = before.split('\n').length - 1;
  return { row, column: offset - (before.lastIndexOf('\n') + 1) };
}

describe('retyping every name of the corpus', { skip: SKIP_WITHOUT_SHARED }, () => {
  it('offers each name after 1 and after 3 typed characters', async () => {
    const parsers = await createParsers();
    const offered = { 1: 0, 3: 0 };
    let checked = 0;
    let outsideSchema = 0;
    let duplicates = 0;
    const misses: string[] = [];
    for (const [directory, files] of corpusDirectories()) {
      const loaded = files.map((file) => {
        const text = readFileSync(path.join(CORPUS_DIR, file.local), 'utf8');
        const kind: FileKind = file.base.endsWith('.pkrvars.hcl') ? 'packervars' : 'packer';
        const document = TextDocument.create(`file:///corpus/${directory}/${file.base}`, kind, 1, text);
        const tree = parsers.hcl.parse(text);
        return { file, kind, document, tree, model: buildFileModel(document, tree, kind) };
      });
      const configuration = new PackerConfiguration(directory, loaded.map((entry) => entry.model), true);
      for (const { file, kind, document, tree } of loaded) {
        if (kind !== 'packer') continue;
        const text = document.getText();
        for (const site of nameSites(fileBody(tree), text)) {
          const schema = schemaOfBlockPath(site.path);
          if (schema.open) continue;
          // A second block that may appear once (hashicorp's fixtures of that error): completion rightly leaves it out.
          const nested = schema.blocks[site.name];
          if (nested && 'nesting' in nested && nested.nesting === 'single' && site.occurrences > 1) {
            duplicates++;
            continue;
          }
          if (!schema.attributes.some((attribute) => attribute.name === site.name) && !(site.name in blocksWithDynamic(schema))) {
            outsideSchema++;
            continue;
          }
          checked++;
          for (const count of TYPED) {
            const typed = site.name.slice(0, count);
            const edited = text.slice(0, site.start) + typed + text.slice(site.end);
            const previous = tree.copy();
            previous.edit(
              new Edit({
                startIndex: site.start,
                oldEndIndex: site.end,
                newEndIndex: site.start + typed.length,
                startPosition: pointAt(text, site.start),
                oldEndPosition: pointAt(text, site.end),
                newEndPosition: pointAt(edited, site.start + typed.length),
              }),
            );
            const editedTree = parsers.hcl.parse(edited, previous);
            previous.delete();
            try {
              const editedDocument = TextDocument.create(document.uri, 'packer', 2, edited);
              const position = editedDocument.positionAt(site.start + typed.length);
              const items = await packerCompletion({ document: editedDocument, tree: editedTree, kind, position, configuration });
              if (items.some((item) => item.label === site.name)) offered[count]++;
              else if (misses.length < 40) misses.push(`${file.local}:${position.line + 1}:${position.character + 1} ${site.path.map((step) => step.type).join('>')} ${site.name} after "${typed}"`);
            } finally {
              editedTree.delete();
            }
          }
        }
      }
      for (const entry of loaded) entry.tree.delete();
    }
    parsers.hcl.dispose();
    const percent = (value: number) => ((100 * value) / checked).toFixed(1);
    // The figure the README reports.
    console.log(`retyping: ${checked} names in bodies the schema knows; offered after 1 character ${percent(offered[1])} %, after 3 ${percent(offered[3])} %; ${outsideSchema} names the schema does not define; ${duplicates} repeated single blocks left out`);
    assert.ok(checked > 3000, `checked ${checked} names`);
    assert.deepEqual(misses, []);
  });
});
