import { readFileSync, readdirSync } from 'node:fs';
import {
  Kind,
  TypeInfo,
  getNamedType,
  isInterfaceType,
  isObjectType,
  parse,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { createSchema } from '../../src/server/schema';
import { EXAMPLES_DIR } from '../../src/server/ide';

/** Whether a selection set asks for `id` itself, or through a fragment that applies to it. */
function selectsId(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): boolean {
  return set.selections.some((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === 'id' && !selection.alias;
    if (selection.kind === Kind.INLINE_FRAGMENT)
      return !selection.typeCondition && selectsId(selection.selectionSet, fragments);
    const fragment = fragments.get(selection.name.value);
    return fragment !== undefined && selectsId(fragment.selectionSet, fragments);
  });
}

/**
 * The paths of the selections on an object or interface type with an `id` field that do not select
 * `id` under its own name: a normalised cache (Apollo's InMemoryCache, Relay's store, urql's Graphcache)
 * cannot key such an object and keeps a copy of it per query.
 */
export function selectionsWithoutId(schema: GraphQLSchema, document: DocumentNode): string[] {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const typeInfo = new TypeInfo(schema);
  const missing: string[] = [];
  const path: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter: (field) => {
          path.push(field.alias?.value ?? field.name.value);
          const type = getNamedType(typeInfo.getType());
          const keyed = (isObjectType(type) || isInterfaceType(type)) && 'id' in type.getFields();
          if (keyed && field.selectionSet && !selectsId(field.selectionSet, fragments)) {
            missing.push(`${path.join('.')} (${type.name})`);
          }
        },
        leave: () => {
          path.pop();
        },
      },
    }),
  );
  return missing;
}

describe('saved examples and normalised caches', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema();
  });

  const files = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.graphql'));

  it.each(files)('%s selects id on every object that has one', (file) => {
    const document = parse(readFileSync(`${EXAMPLES_DIR}/${file}`, 'utf8'));
    expect(selectionsWithoutId(schema, document)).toEqual([]);
  });

  it('finds an object without id, in a field, an interface and a fragment (the walk is not vacuous)', () => {
    const document = parse(`
      query { park(id: "park:x") { id name zone { name } partners { ...P } } }
      fragment P on Node { name }
    `);
    expect(selectionsWithoutId(schema, document)).toEqual(['park.zone (Park)', 'park.partners (Node)']);
    const aliased = parse('{ park(id: "park:x") { key: id } }');
    expect(selectionsWithoutId(schema, aliased)).toEqual(['park (Park)']);
  });
});
