import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/** Strings an attacker or a careless client puts in text and id arguments. */
export const INJECTIONS = [
  "' OR 1=1 //",
  '" OR 1=1 //',
  "x'}) MATCH (n) DETACH DELETE n //",
  '`) MATCH (n) DETACH DELETE n //',
  '}]->(x) RETURN x //',
  '$param',
  'AND OR NOT',
  'AND',
  '*:*',
  'name:* OR id:/.*/',
  '(((',
  '"unterminated',
  'a~2 b^3 [a TO z] {a TO z}',
  '\\',
  '{"$ne": null}',
  '\u0000',
  'a\u0000b',
  '\u202e\ufeff\u200b',
  '钛业\uD800',
  '🧪'.repeat(30),
  'park:',
  'park:../../etc/passwd',
  ':',
  ' ',
  '',
  'x'.repeat(5000),
];

/** One text or id input to attack: an argument, or a field of an argument's input object. */
export interface Target {
  field: string;
  /** Path to the attacked value: [argument] or [argument, input field]. */
  path: string[];
  /** The variable's GraphQL type, e.g. `ID!` or `[ID!]!`. */
  type: string;
  list: boolean;
}

function isText(type: GraphQLInputType): boolean {
  const named = getNamedType(type);
  return isScalarType(named) && (named.name === 'String' || named.name === 'ID');
}

function typeOf(type: GraphQLInputType): string {
  return type.toString();
}

/**
 * Every String and ID argument of every root field, and every String or ID field of their input
 * objects (the filters), read from the schema, so a field added later is attacked too.
 */
export function textTargets(schema: GraphQLSchema, root: 'query' | 'mutation' = 'query'): Target[] {
  const type = root === 'query' ? schema.getQueryType() : schema.getMutationType();
  const targets: Target[] = [];
  for (const field of Object.values(type?.getFields() ?? {})) {
    for (const arg of field.args) {
      if (isText(arg.type)) {
        targets.push({
          field: field.name,
          path: [arg.name],
          type: typeOf(arg.type),
          list: isListType(getNullableType(arg.type)),
        });
      }
      const input = getNamedType(arg.type);
      if (isInputObjectType(input)) {
        for (const inner of Object.values(input.getFields())) {
          if (!isText(inner.type)) continue;
          targets.push({
            field: field.name,
            path: [arg.name, inner.name],
            type: typeOf(inner.type),
            list: isListType(getNullableType(inner.type)),
          });
        }
      }
    }
  }
  return targets;
}

/** A harmless value for an argument that is not the one attacked: null when it may be left out. */
function filler(arg: GraphQLArgument): string | undefined {
  if (!isNonNullType(arg.type) || arg.defaultValue !== undefined) return undefined;
  const named = getNamedType(arg.type);
  const list = isListType(getNullableType(arg.type));
  let value: string;
  if (isEnumType(named)) value = named.getValues()[0]?.name ?? 'NONE';
  else if (isScalarType(named) && named.name === 'Int') value = '1';
  else if (isScalarType(named) && named.name === 'Boolean') value = 'true';
  else if (isInputObjectType(named)) value = '{}';
  else value = '"park:baiyin-htz"';
  return list ? `[${value}]` : value;
}

/** The selection under a field: `__typename` for anything that is not a scalar or enum. */
export function leafSelection(field: GraphQLField<unknown, unknown>): string {
  return isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
}

/**
 * The operations that send each value to the target, as variables, so the values travel exactly as
 * a client sends them: one operation with an alias per value, or, for a non-null root field, one
 * operation per value, because graphql-js reports only the first error of aliases whose failure
 * nulls the whole answer.
 */
export function attackOperations(
  schema: GraphQLSchema,
  target: Target,
  values: readonly string[],
  root: 'query' | 'mutation' = 'query',
): { query: string; variables: Record<string, unknown> }[] {
  const type = root === 'query' ? schema.getQueryType() : schema.getMutationType();
  const field = type?.getFields()[target.field];
  if (field && isNonNullType(field.type)) {
    return values.map((value) => attackOperation(schema, target, [value], root));
  }
  return [attackOperation(schema, target, values, root)];
}

/** One operation that sends each value to the target under an alias of its own. */
export function attackOperation(
  schema: GraphQLSchema,
  target: Target,
  values: readonly string[],
  root: 'query' | 'mutation' = 'query',
): { query: string; variables: Record<string, unknown> } {
  const type = root === 'query' ? schema.getQueryType() : schema.getMutationType();
  const field = type?.getFields()[target.field];
  if (!field) throw new Error(`no root field ${target.field}`);
  const [argName, innerName] = target.path;
  const variables: Record<string, unknown> = {};
  const aliases = values.map((value, i) => {
    variables[`v${i}`] = target.list ? [value] : value;
    const args = field.args.flatMap((arg) => {
      if (arg.name === argName) {
        return [innerName ? `${arg.name}: { ${innerName}: $v${i} }` : `${arg.name}: $v${i}`];
      }
      const value = filler(arg);
      return value === undefined ? [] : [`${arg.name}: ${value}`];
    });
    return `a${i}: ${field.name}(${args.join(', ')})${leafSelection(field)}`;
  });
  const declared = values.map((_, i) => `$v${i}: ${target.type}`).join(', ');
  return { query: `${root} Attack(${declared}) { ${aliases.join(' ')} }`, variables };
}
