import 'reflect-metadata';
import { validateSync } from 'class-validator';
import { coerceInputValue, isInputObjectType, type GraphQLSchema } from 'graphql';
import { createSchema } from '../../src/server/schema';
import {
  checkNodeProperties,
  isPartialDate,
  NODE_PROPERTIES,
  normaliseRecord,
} from '../../src/model/properties';
import { ID_PREFIX } from '../../src/model/registry';
import { INPUT_TYPES, WRITABLE_LABELS } from '../../src/mutations/inputs';

/** Values a careless client or an attacker sends, for every field of every label. */
const PROBES: unknown[] = [
  'x'.repeat(201),
  'x'.repeat(2001),
  'x'.repeat(700_000),
  'a\u0000b',
  'a\ud800b',
  '',
  '   ',
  'zone',
  'ZONE',
  'SIGNED',
  'signed',
  'UPSTREAM',
  '2024-02-29',
  '2023-02-29',
  '2024-13',
  '2024',
  -1,
  0,
  1.5,
  3,
  Number.NaN,
  true,
  'true',
  ['a', 'b'],
  ['x'.repeat(201)],
  Array.from({ length: 51 }, () => 'a'),
  null,
];

/**
 * The mutation's verdict and the import's on one field's value are the same, for every field of every
 * writable label: the mutation's being GraphQL's coercion of the input, then class-validator on the
 * input class (as type-graphql runs it), the import's being the seed format's record check.
 */
describe('one rule per property, for mutations and imports alike', () => {
  let schema: GraphQLSchema;
  let total = 0;
  beforeAll(async () => {
    schema = await createSchema();
  });
  afterAll(() => {
    process.stdout.write(
      `property rules: ${total} (field, value) pairs judged alike by mutation and import\n`,
    );
  });

  it.each(WRITABLE_LABELS.map((label) => [label]))('%s: every field, every probe', (label) => {
    const type = schema.getType(`${label}Input`);
    if (!isInputObjectType(type)) throw new Error(`no ${label}Input`);
    const Input = INPUT_TYPES.get(label);
    const rules = NODE_PROPERTIES[label];
    // A valid input: every required field with a value its rule takes.
    const valid: Record<string, unknown> = { id: `${ID_PREFIX[label]}:rules-probe`, name: '名' };
    for (const [field, rule] of Object.entries(rules)) {
      if (!rule.required || field === 'name') continue;
      valid[field] = rule.values?.[0] ?? (rule.type === 'string' ? (rule.date ? '2024' : 'v') : 1);
    }
    expect(mutationRefuses(type, Input, valid)).toEqual([]);
    expect(importRefuses(label, valid)).toEqual([]);
    let compared = 0;
    for (const field of Object.keys(type.getFields())) {
      if (field === 'id') continue;
      expect(rules[field]).toBeDefined();
      for (const probe of PROBES) {
        const input = { ...valid, [field]: probe };
        const mutation = mutationRefuses(type, Input, input).includes(field);
        const imported = importRefuses(label, input).includes(field);
        expect({ field, probe: String(probe).slice(0, 30), imported }).toEqual({
          field,
          probe: String(probe).slice(0, 30),
          imported: mutation,
        });
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(PROBES.length);
    total += compared;
  });

  function mutationRefuses(
    type: Parameters<typeof coerceInputValue>[1],
    Input: new () => object,
    input: Record<string, unknown>,
  ): string[] {
    const refused: string[] = [];
    const coerced = coerceInputValue(input, type, (path) => refused.push(String(path[0] ?? '')));
    if (refused.length > 0) return refused;
    const errors = validateSync(Object.assign(new Input(), coerced), { forbidUnknownValues: false });
    return errors.map((e) => e.property);
  }

  function importRefuses(label: (typeof WRITABLE_LABELS)[number], input: Record<string, unknown>): string[] {
    const refused: string[] = [];
    // As the import reads a JSON record: normalised, then checked.
    const record = normaliseRecord('node', label, { ...input, sources: ['source:t'] });
    checkNodeProperties(label, record, (field) => refused.push(field));
    return refused;
  }

  it('knows the calendar', () => {
    expect(['2024', '2024-02', '2024-02-29', '2000-02-29', '2023-12-31'].map(isPartialDate)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['2023-02-29', '1900-02-29', '2024-04-31', '2024-00', '2024-1', '24', '2024-02-30x'].map(isPartialDate),
    ).toEqual([false, false, false, false, false, false, false]);
  });
});
