// What a variable's validation allows, when it says so as a list: `condition = contains(["a", "b"], var.name)`. Image
// discovery offers these values (a shared template picks its image by such a variable).
import { attributeExpression, attributeName, attributesOf, blockBody, blockType, childrenOfType, firstChildOfType, stringLiteralValue, walk } from '../../parsing/nodes';
import type { SyntaxNode } from '../../parsing/treeSitter';

function literalStrings(node: SyntaxNode, text: string): string[] {
  const values: string[] = [];
  walk(node, (child) => {
    if (child.type === 'string_lit' || child.type === 'quoted_template') {
      values.push(stringLiteralValue(child, text));
      return false;
    }
    return undefined;
  });
  return values;
}

/** `contains(["a", "b"], var.name)` anywhere in a condition → the variable and its allowed values. */
function containsCall(condition: SyntaxNode, text: string): { variable: string; values: string[] } | undefined {
  let found: { variable: string; values: string[] } | undefined;
  walk(condition, (node) => {
    if (found || node.type !== 'function_call' || firstChildOfType(node, 'identifier')?.text !== 'contains') return undefined;
    const args = firstChildOfType(node, 'function_arguments');
    const [list, subject] = args ? childrenOfType(args, 'expression') : [];
    const variable = subject ? /^var\.([A-Za-z_][\w-]*)$/.exec(subject.text.trim())?.[1] : undefined;
    if (list && variable && list.text.trim().startsWith('[')) found = { variable, values: literalStrings(list, text) };
    return false;
  });
  return found;
}

/** The values the variable's `validation` blocks allow through `contains([...], var.<name>)`, if one says so. */
export function allowedValues(validations: readonly SyntaxNode[], name: string, text: string): string[] | undefined {
  for (const validation of validations) {
    if (blockType(validation) !== 'validation') continue;
    const condition = attributesOf(blockBody(validation)).find((attribute) => attributeName(attribute) === 'condition');
    const expression = condition && attributeExpression(condition);
    const allowed = expression && containsCall(expression, text);
    if (allowed && allowed.variable === name) return allowed.values;
  }
  return undefined;
}
