import { getMetadataStorage } from 'class-validator';
import { isNonNullType, type GraphQLSchema, isInputObjectType, isObjectType, getNamedType } from 'graphql';
import { FILTER_NAMES } from '../../src/model/define';
import { LABELS } from '../../src/model/labels';
import { NODE_PROPERTIES } from '../../src/model/properties';
import {
  ID_PATTERN,
  ID_PREFIX,
  LABEL_DECLS,
  NODE_LABELS,
  NODE_SPECS,
  RELATIONSHIP_SPECS,
  type NodeLabel,
} from '../../src/model/registry';
import { ENTITIES } from '../../src/model/spec';
import { INPUT_TYPES, WRITABLE_LABELS } from '../../src/mutations/inputs';
import { MODEL_ENUMS, VALUE_DESCRIPTIONS } from '../../src/read/enums';
import { LABEL_FILTERS } from '../../src/read/filters';
import { createSchema } from '../../src/server/schema';

/**
 * Every table derived from the labels' declarations (src/model/labels/) agrees with the declarations
 * and with the others: what one of them says about a label, all say.
 */
describe('one declaration per label, and the tables derived from it', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema();
  });

  it('names every label once, with an id prefix of its own that ids can carry', () => {
    expect(new Set(NODE_LABELS).size).toBe(LABELS.length);
    const prefixes = NODE_LABELS.map((label) => ID_PREFIX[label]);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const prefix of prefixes) expect(ID_PATTERN.test(`${prefix}:x`)).toBe(true);
  });

  it('gives every required property a required rule, and a non-null field in the write input', () => {
    for (const label of NODE_LABELS) {
      for (const field of NODE_SPECS[label].required) {
        if (field === 'sources') continue;
        expect({ label, field, required: NODE_PROPERTIES[label][field]?.required }).toEqual({
          label,
          field,
          required: true,
        });
        if (!WRITABLE_LABELS.includes(label)) continue;
        const input = schema.getType(`${label}Input`);
        const type = isInputObjectType(input) ? input.getFields()[field]?.type : undefined;
        expect({ label, field, nonNull: type !== undefined && isNonNullType(type) }).toEqual({
          label,
          field,
          nonNull: true,
        });
      }
    }
  });

  it('gives every declared property a rule of its kind, an output field and (where writable) an input field', () => {
    const kinds = {
      String: 'string',
      Int: 'int',
      Float: 'number',
      Boolean: 'boolean',
      StringList: 'stringList',
    };
    for (const decl of LABELS) {
      const object = schema.getType(decl.label);
      const input = schema.getType(`${decl.label}Input`);
      for (const [field, property] of Object.entries(decl.properties)) {
        const rule = NODE_PROPERTIES[decl.label][field];
        expect({ field, type: rule?.type, values: rule?.values, min: rule?.min, date: rule?.date }).toEqual({
          field,
          type: kinds[property.kind],
          values: property.values ? Object.keys(property.values) : undefined,
          min: property.min,
          date: property.date,
        });
        expect(isObjectType(object) && field in object.getFields()).toBe(true);
        if (WRITABLE_LABELS.includes(decl.label))
          expect(isInputObjectType(input) && field in input.getFields()).toBe(true);
      }
    }
  });

  it('turns every enumerated property into a GraphQL enum, and registers no enum no property uses', () => {
    const enumerated = LABELS.flatMap((decl) =>
      Object.entries(decl.properties)
        .filter(([, p]) => p.values)
        .map(([field]) => `${decl.label}.${field}`),
    );
    expect([...MODEL_ENUMS.keys()].sort()).toEqual([...enumerated].sort());
    expect(Object.keys(VALUE_DESCRIPTIONS).sort()).toEqual([...enumerated].sort());
    for (const key of enumerated) {
      const [label, field] = key.split('.') as [NodeLabel, string];
      const object = schema.getType(label);
      const type = isObjectType(object) ? object.getFields()[field]?.type : undefined;
      expect({ key, type: type && getNamedType(type).name }).toEqual({
        key,
        type: `${label}${field.charAt(0).toUpperCase()}${field.slice(1)}`,
      });
    }
  });

  it('reads every relationship field along a type that joins those labels, that way round', () => {
    for (const label of NODE_LABELS) {
      for (const [field, relation] of Object.entries(ENTITIES[label].relations)) {
        const spec = RELATIONSHIP_SPECS[relation.type];
        const far = relation.target === 'Node' ? NODE_LABELS : [relation.target];
        const fits = (from: readonly NodeLabel[], to: readonly NodeLabel[]): boolean =>
          from.includes(label) && far.some((l) => to.includes(l));
        const allowed =
          relation.direction === 'OUT'
            ? fits(spec.from, spec.to)
            : relation.direction === 'IN'
              ? fits(spec.to, spec.from)
              : fits(spec.from, spec.to) && fits(spec.to, spec.from);
        expect({ at: `${label}.${field}`, type: relation.type, allowed }).toEqual({
          at: `${label}.${field}`,
          type: relation.type,
          allowed: true,
        });
      }
    }
  });

  it('offers every label the common filters and only filters of the catalogue, each once', () => {
    for (const label of NODE_LABELS) {
      const filters = LABEL_FILTERS[label];
      expect(filters.slice(0, 2)).toEqual(['ids', 'nameContains']);
      expect(new Set(filters).size).toBe(filters.length);
      for (const filter of filters) expect(FILTER_NAMES).toContain(filter);
      expect(filters.slice(2)).toEqual([...LABEL_DECLS[label].filters]);
      const input = schema.getType(`${label}Filter`);
      expect(isInputObjectType(input) ? Object.keys(input.getFields()).sort() : []).toEqual(
        [...filters].sort(),
      );
    }
  });

  it('checks each write input field with the one model rule (class-validator), and the id with its label', () => {
    const storage = getMetadataStorage();
    for (const label of WRITABLE_LABELS) {
      const target = INPUT_TYPES.get(label);
      const checked = new Set(
        storage
          .getTargetValidationMetadatas(target, '', true, false)
          .filter((m) => m.name === 'followsModelRule' || m.name === 'isNodeIdOf')
          .map((m) => m.propertyName),
      );
      expect([...checked].sort()).toEqual(['id', ...Object.keys(NODE_PROPERTIES[label])].sort());
    }
  });
});
