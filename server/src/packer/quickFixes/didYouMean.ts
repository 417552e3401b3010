// An attribute or block name the schema does not know, one edit or two away from one it does: offer the known name.
import { bodySchemaAt } from '../schemaContext';
import { namesInBlock } from './blockNames';
import { clearlyClosest } from '../../util/editDistance';
import type { QuickFix } from './types';

export const didYouMean: QuickFix = {
  codes: ['schema/unknown-attribute', 'schema/unknown-block'],
  fixAllTitle: 'Correct every misspelt name of this file',
  plan(diagnostic, { document, tree }) {
    const name = document.getText(diagnostic.range);
    if (!/^[A-Za-z_][\w-]*$/.test(name)) return undefined;
    const schema = bodySchemaAt(tree, document.getText(), document.offsetAt(diagnostic.range.start));
    if (!schema || schema.open) return undefined;
    const blocks = Object.entries(schema.blocks).filter(([, block]) => !block.reserved).map(([blockName]) => blockName);
    // An attribute never becomes a block or the other way round: the syntax around the name would be wrong.
    const candidates = diagnostic.code === 'schema/unknown-block' ? blocks : schema.attributes.map((attribute) => attribute.name);
    const suggestion = clearlyClosest(name, candidates);
    // Renaming to a name the block already sets would make a duplicate, which Packer refuses.
    if (!suggestion || namesInBlock(tree, document.offsetAt(diagnostic.range.start)).has(suggestion)) return undefined;
    return { title: `Did you mean "${suggestion}"?`, edits: new Map([[document.uri, [{ range: diagnostic.range, newText: suggestion }]]]) };
  },
};
