/**
 * The page's operations are validated against the emitted schema: a field the page asks for that the
 * API does not have is caught here, not by a planner looking at an empty panel.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { loadConfig } from '../../src/config/config';
import { costRule } from '../../src/server/limits';
import * as operations from '../../web/src/operations';

const schema = buildSchema(readFileSync('schema/schema.graphql', 'utf8'));

describe('the map page operations', () => {
  const documents = Object.entries(operations).filter(([name]) => name !== 'NODE_FRAGMENTS');

  it('has the operations the page sends', () => {
    expect(documents.map(([name]) => name).sort()).toEqual(
      [
        'CHAIN_DIFF',
        'CHAIN_LISTS',
        'CHAIN_MAP',
        'ENTERPRISE_REACH',
        'FILL_CANDIDATES',
        'INNOVATION_OVERLAY',
        'KEY_FIRMS',
        'NODE_DETAIL',
        'PARTY_OVERLAY',
        'SEGMENT_FIRMS',
        'TALENT_OVERLAY',
        'ZONES',
        'ZONE_CHAINS',
        'ZONE_SEARCH',
      ].sort(),
    );
  });

  it.each(documents)('%s is valid against schema/schema.graphql', (_name, text) => {
    const errors = validate(schema, parse(text)).map((e) => e.message);
    expect(errors).toEqual([]);
  });

  // The page gets no allowance a client does not: each operation fits the default cost limit.
  const { maxCost } = loadConfig({}).limits;
  it.each(documents)(`%s costs no more than the default limit (${maxCost})`, (_name, text) => {
    const errors = validate(schema, parse(text), [costRule(maxCost)]);
    expect(errors.map((e) => `${e.message}`)).toEqual([]);
  });
});
