// Whether a literal default can be converted to a variable's declared type, following HCL's conversion rules: primitives
// convert into each other when the text allows it ("5" → 5, "true" → true, 5 → "5"), collections never into primitives.
import type { LiteralKind, LiteralSummary } from '../model';

type TypeShape =
  | { kind: 'any' }
  | { kind: 'string' | 'number' | 'bool' }
  | { kind: 'list'; element: TypeShape }
  | { kind: 'map'; element: TypeShape }
  | { kind: 'object' | 'tuple' | 'unknown' };

/** Parses the subset of type expressions whose conversions are certain; anything else is `unknown`. */
export function parseTypeExpression(text: string): TypeShape {
  const compact = text.replace(/\s+/g, '');
  if (compact === 'any') return { kind: 'any' };
  if (compact === 'string' || compact === 'number' || compact === 'bool') return { kind: compact };
  const collection = /^(list|set|map)\((.*)\)$/.exec(compact);
  if (collection) {
    const element = parseTypeExpression(collection[2]!);
    return { kind: collection[1] === 'map' ? 'map' : 'list', element };
  }
  if (compact.startsWith('object(')) return { kind: 'object' };
  if (compact.startsWith('tuple(')) return { kind: 'tuple' };
  return { kind: 'unknown' };
}

/** A short reason when the literal can never convert to the type; undefined when it can (or when unsure). */
export function conversionProblem(typeText: string, literal: LiteralSummary): string | undefined {
  return problemFor(parseTypeExpression(typeText), literal.kind, literal.value, literal.elements);
}

function problemFor(type: TypeShape, kind: LiteralKind, value: string | undefined, elements?: LiteralSummary['elements']): string | undefined {
  if (kind === 'null' || type.kind === 'any' || type.kind === 'unknown') return undefined;
  switch (type.kind) {
    case 'string':
      return kind === 'tuple' || kind === 'object' ? `a ${describe(kind)} cannot be converted to string` : undefined;
    case 'number':
      if (kind === 'number') return undefined;
      if (kind === 'string') return value === undefined || isNumber(value) ? undefined : `"${value}" is not a number`;
      return `a ${describe(kind)} cannot be converted to number`;
    case 'bool':
      if (kind === 'bool') return undefined;
      if (kind === 'string') return value === undefined || value === 'true' || value === 'false' ? undefined : `"${value}" is not a bool`;
      return `a ${describe(kind)} cannot be converted to bool`;
    case 'list':
      if (kind !== 'tuple') return `a ${describe(kind)} cannot be converted to a list`;
      return elementProblem(type.element, elements);
    case 'map':
      if (kind !== 'object') return `a ${describe(kind)} cannot be converted to a map`;
      return elementProblem(type.element, elements);
    case 'object':
      return kind === 'object' ? undefined : `a ${describe(kind)} cannot be converted to an object`;
    case 'tuple':
      return kind === 'tuple' ? undefined : `a ${describe(kind)} cannot be converted to a tuple`;
  }
}

function elementProblem(element: TypeShape, elements: LiteralSummary['elements']): string | undefined {
  for (const kind of elements ?? []) {
    if (!kind) continue;
    // Element values are not kept, so only kind-level mismatches (a list inside list(string)…) are certain.
    const problem = problemFor(element, kind, undefined);
    if (problem) return `an element: ${problem}`;
  }
  return undefined;
}

function isNumber(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text.trim()));
}

function describe(kind: LiteralKind): string {
  switch (kind) {
    case 'tuple':
      return 'list';
    case 'object':
      return 'object';
    default:
      return kind;
  }
}
