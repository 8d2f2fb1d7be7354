import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLSchema,
} from 'graphql';
import { createSchema } from '../../src/server/schema';
import { DemandState, enumName, enumObject, MODEL_ENUMS, VALUE_DESCRIPTIONS } from '../../src/read/enums';
import { NODE_LABELS, NODE_SPECS } from '../../src/model/registry';

/** Every schema element a client's tooling shows, by coordinate, that has no description. */
function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      const fields: { name: string; description?: string | null; args?: readonly GraphQLArgument[] }[] =
        isInputObjectType(type) ? Object.values(type.getFields()) : Object.values(type.getFields());
      for (const field of fields) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args ?? []) {
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name}:)`);
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues())
        if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    if (isUnionType(type) && !type.description) missing.push(type.name);
  }
  return missing;
}

describe('schema descriptions and enums', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema();
  });

  it('describes every type, field, argument and enum value', () => {
    expect(undescribed(schema)).toEqual([]);
  });

  it('notices a missing description (the walk is not vacuous)', async () => {
    const copy = await createSchema();
    const parks = copy.getQueryType()?.getFields().parks;
    const first = parks?.args.find((a) => a.name === 'first');
    if (first) first.description = undefined;
    const kind = copy.getType('ParkKind');
    if (isEnumType(kind)) (kind.getValue('ZONE') as { description?: string }).description = undefined;
    expect(undescribed(copy)).toEqual(['ParkKind.ZONE', 'Query.parks(first:)']);
  });

  it('makes every property whose values the model lists a GraphQL enum with exactly those values', () => {
    const expected: string[] = [];
    for (const label of NODE_LABELS) {
      for (const [property, values] of Object.entries(NODE_SPECS[label].enums ?? {})) {
        const typeName = `${label}${property.charAt(0).toUpperCase()}${property.slice(1)}`;
        expected.push(typeName);
        const type = schema.getType(typeName);
        expect({ typeName, enum: isEnumType(type) }).toEqual({ typeName, enum: true });
        if (!isEnumType(type)) continue;
        expect(type.getValues().map((v) => v.value as unknown)).toEqual([...values]);
        expect(Object.keys(VALUE_DESCRIPTIONS[`${label}.${property}`] ?? {})).toEqual([...values]);
        // The output field and, where one exists, the filter use the enum.
        const object = schema.getType(label);
        const field = isObjectType(object) ? object.getFields()[property] : undefined;
        expect(`${label}.${property}: ${String(field?.type)}`).toBe(`${label}.${property}: ${typeName}`);
        const filter = schema.getType(`${label}Filter`);
        const filterField = isInputObjectType(filter) ? filter.getFields()[property] : undefined;
        if (filterField) expect(String(filterField.type)).toBe(typeName);
      }
    }
    expect(MODEL_ENUMS.size).toBe(expected.length);
    expect(expected.length).toBeGreaterThanOrEqual(14);
  });

  it('keeps the demand loop’s enum equal to the model’s list of states', () => {
    expect(Object.values(DemandState)).toEqual(NODE_SPECS.Demand.enums?.state);
  });

  it('maps a model value that is not a GraphQL name to one, and refuses two values on one name', () => {
    expect(enumName('ZONE')).toBe('ZONE');
    expect(enumName('5G')).toBe('_5G');
    expect(enumName('in-house')).toBe('in_house');
    expect(enumName('true')).toBe('_true');
    expect(enumName('链主')).toBe('__');
    expect(enumObject(['5G', 'A B'], 'x')).toEqual({ _5G: '5G', A_B: 'A B' });
    expect(() => enumObject(['A-B', 'A B'], 'Test.kind')).toThrow('both map to the enum name A_B');
  });
});
