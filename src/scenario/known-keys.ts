import type { PathSegment } from './errors';

type JsonSchemaNode = {
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  oneOf?: JsonSchemaNode[];
  anyOf?: JsonSchemaNode[];
  const?: unknown;
};

/**
 * The keys the JSON Schema allows for the object at `path` in `data`, found by walking the schema
 * alongside the data (choosing the union member whose constant discriminator matches the data).
 */
export function knownKeysAt(schema: JsonSchemaNode, data: unknown, path: readonly PathSegment[]): string[] {
  let node: JsonSchemaNode | undefined = resolveUnion(schema, data);
  let value = data;
  for (const segment of path) {
    if (node === undefined) return [];
    if (typeof segment === 'number') node = node.items;
    else node = node.properties?.[segment];
    value = isRecord(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[segment] : undefined;
    if (node !== undefined) node = resolveUnion(node, value);
  }
  return node?.properties ? Object.keys(node.properties) : [];
}

function resolveUnion(node: JsonSchemaNode, value: unknown): JsonSchemaNode {
  const options = node.oneOf ?? node.anyOf;
  if (!options) return node;
  const matching = options.find((option) => {
    if (!option.properties || !isRecord(value)) return false;
    return Object.entries(option.properties).every(([key, prop]) => prop.const === undefined || prop.const === value[key]);
  });
  return matching ?? options[0] ?? node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
