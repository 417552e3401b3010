// A deprecated attribute whose schema names its successor ("Use `tags`."): rename it to the successor, when the
// successor is an attribute of the same block with the same type. Where the values differ, there is no fix.
import { bodySchemaAt } from '../schemaContext';
import { namesInBlock } from './blockNames';
import type { QuickFix } from './types';

const SUCCESSOR = /^Use `([A-Za-z_][\w-]*)`/;

export const replaceDeprecated: QuickFix = {
  codes: ['schema/deprecated-attribute'],
  fixAllTitle: 'Replace every deprecated argument of this file',
  plan(diagnostic, { document, tree }) {
    const name = document.getText(diagnostic.range);
    const schema = bodySchemaAt(tree, document.getText(), document.offsetAt(diagnostic.range.start));
    const attribute = schema?.attributes.find((candidate) => candidate.name === name);
    const successorName = attribute?.deprecated ? SUCCESSOR.exec(attribute.deprecated)?.[1] : undefined;
    const successor = schema?.attributes.find((candidate) => candidate.name === successorName);
    // `tag = "x"` → `tags` would need a list: a rename is only right when the value keeps its type.
    if (!attribute || !successor || successor.type !== attribute.type) return undefined;
    if (namesInBlock(tree, document.offsetAt(diagnostic.range.start)).has(successor.name)) return undefined;
    return { title: `Replace "${name}" with "${successor.name}"`, edits: new Map([[document.uri, [{ range: diagnostic.range, newText: successor.name }]]]) };
  },
};
