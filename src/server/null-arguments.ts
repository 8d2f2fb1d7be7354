import {
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLArgument,
  type GraphQLFieldResolver,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Gives an explicit `null` for an optional argument or input field the meaning of "not given": its
 * default when it has one, otherwise absent. graphql-js passes the null through (it only applies a
 * default to an omitted argument), and Apollo Client, Relay and urql send `after: null` on every first
 * page, so every resolver would have to tell null from undefined; this does it once, for every field
 * of the schema, before type-graphql converts and validates the arguments.
 *
 * An argument with a default is optional, so its type is made nullable too (`first: Int = 20`, not
 * `Int! = 20`): a client's `$first: Int` variable sent as null then gets the default instead of a
 * coercion error. Making an argument nullable is not a breaking change.
 */
export function treatNullAsOmitted(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type instanceof GraphQLInputObjectType && !type.name.startsWith('__')) {
      for (const field of Object.values(type.getFields())) relaxDefaulted(field);
    }
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) relaxDefaulted(arg);
      if (field.args.length === 0 || !field.args.some((arg) => mayHoldNull(arg.type))) continue;
      const resolve = field.resolve;
      if (!resolve) continue;
      const args = field.args;
      const wrapped: GraphQLFieldResolver<unknown, unknown> = (source, given, context, info) =>
        resolve(source, normalise(args, given as Record<string, unknown>), context, info);
      field.resolve = wrapped;
    }
  }
  return schema;
}

function relaxDefaulted(slot: GraphQLArgument | GraphQLInputField): void {
  if (slot.defaultValue !== undefined && slot.type instanceof GraphQLNonNull) slot.type = slot.type.ofType;
}

/** True when a null can reach the resolver somewhere inside a value of this type. */
function mayHoldNull(type: GraphQLInputType, seen = new Set<GraphQLInputType>()): boolean {
  if (seen.has(type)) return false;
  seen.add(type);
  if (!(type instanceof GraphQLNonNull)) return true;
  const inner = type.ofType;
  if (inner instanceof GraphQLList) return mayHoldNull(inner.ofType, seen);
  if (inner instanceof GraphQLInputObjectType)
    return Object.values(inner.getFields()).some((f) => mayHoldNull(f.type, seen));
  return false;
}

/** A copy of the values with every null of an optional slot replaced by its default or dropped. */
function normalise(
  slots: readonly (GraphQLArgument | GraphQLInputField)[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const slot = slots.find((s) => s.name === name);
    if (!slot) {
      result[name] = value;
      continue;
    }
    if (value === null && !(slot.type instanceof GraphQLNonNull)) {
      if (slot.defaultValue !== undefined) result[name] = slot.defaultValue;
      continue;
    }
    result[name] = normaliseValue(slot.type, value);
  }
  return result;
}

function normaliseValue(type: GraphQLInputType, value: unknown): unknown {
  const inner = type instanceof GraphQLNonNull ? type.ofType : type;
  if (value === null || value === undefined) return value;
  if (inner instanceof GraphQLList && Array.isArray(value))
    return value.map((item) => normaliseValue(inner.ofType, item));
  if (inner instanceof GraphQLInputObjectType && typeof value === 'object')
    return normalise(Object.values(inner.getFields()), value as Record<string, unknown>);
  return value;
}
