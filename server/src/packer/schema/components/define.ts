// Terse constructors for the schema tables: the component files are long lists, and one call per line keeps them readable.
import type { AttributeSchema, NestedBlockSchema } from '../types';

type AttributeExtras = Omit<AttributeSchema, 'name' | 'type' | 'description'>;

export function attr(name: string, type: string, description: string, extras: AttributeExtras = {}): AttributeSchema {
  return { name, type, description, ...extras };
}

export function required(name: string, type: string, description: string, extras: AttributeExtras = {}): AttributeSchema {
  return { name, type, description, required: true, ...extras };
}

export function nested(
  nesting: 'single' | 'list',
  description: string,
  attributes: readonly AttributeSchema[],
  blocks: Readonly<Record<string, NestedBlockSchema>> = {},
): NestedBlockSchema {
  return { description, labels: [], nesting, attributes, blocks };
}
