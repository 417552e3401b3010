// `var.x` with no `variable "x"` anywhere in the directory: declare it where the directory keeps its variables
// (`variables.pkr.hcl` when there is one), typed by how the reference is used.
import type { Range } from 'vscode-languageserver';
import { ancestors, attributeExpression, attributeName, namedNodeAt } from '../../parsing/nodes';
import type { SyntaxTree } from '../../parsing/treeSitter';
import type { Reference } from '../model';
import { bodySchemaAt } from '../schemaContext';
import { appendAtEnd } from './textEdits';
import type { FixPlan, QuickFix, QuickFixContext } from './types';

const VARIABLES_FILE = 'variables.pkr.hcl';
/** Types a `variable` block may name; anything else the schema prints (e.g. `any`) is declared as string. */
const DECLARABLE_TYPE = /^(string|number|bool|(list|set|map)\((string|number|bool)\))$/;

export const declareVariable: QuickFix = {
  codes: ['reference/undeclared-variable'],
  fixAllTitle: 'Declare every undeclared variable of this file',
  async plan(diagnostic, context) {
    const reference = referenceAt(diagnostic.range, context);
    const name = reference?.parts[0];
    if (!reference || !name) return undefined;
    const target = context.configuration.files.find((file) => file.kind === 'packer' && file.uri.endsWith(`/${VARIABLES_FILE}`))?.uri ?? context.document.uri;
    const text = target === context.document.uri ? context.document.getText() : await context.textOf(target);
    if (text === undefined) return undefined;
    const type = inferredType(reference, context);
    const declaration = `variable "${name}" {\n  type = ${type}\n}\n`;
    const where = target === context.document.uri ? 'in this file' : `in ${VARIABLES_FILE}`;
    const plan: FixPlan = {
      title: `Declare variable "${name}" (${type}) ${where}`,
      edits: new Map([[target, [appendAtEnd(text, declaration)]]]),
      key: `variable ${name}`,
    };
    return plan;
  },
};

function referenceAt(range: Range, { model }: QuickFixContext): Reference | undefined {
  return model.references.find(
    (reference) =>
      reference.root === 'var' &&
      reference.partRanges[0]?.start.line === range.start.line &&
      reference.partRanges[0]?.start.character === range.start.character,
  );
}

/** string inside a template; the attribute's schema type when the reference is its whole value; string otherwise. */
function inferredType(reference: Reference, { document, tree }: QuickFixContext): string {
  const offset = document.offsetAt(reference.range.start);
  const node = namedNodeAt(tree, offset + 1);
  const chain = [node, ...ancestors(node)];
  if (chain.some((ancestor) => ancestor.type === 'template_interpolation')) return 'string';
  const attribute = chain.find((ancestor) => ancestor.type === 'attribute');
  const expression = attribute && attributeExpression(attribute);
  if (!attribute || !expression) return 'string';
  const valueText = document.getText().slice(expression.startIndex, expression.endIndex).trim();
  if (valueText !== document.getText(reference.range)) return 'string';
  return schemaTypeOf(tree, document.getText(), attribute.startIndex, attributeName(attribute)) ?? 'string';
}

function schemaTypeOf(tree: SyntaxTree, text: string, offset: number, name: string): string | undefined {
  const type = bodySchemaAt(tree, text, offset)?.attributes.find((attribute) => attribute.name === name)?.type;
  return type && DECLARABLE_TYPE.test(type) ? type : undefined;
}
