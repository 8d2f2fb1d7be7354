/**
 * `jsonOf`, the Cypher that writes a node's properties as JSON text inside a write's own statement,
 * against what Node makes of the same properties read through the gateway (the path the change log
 * took before issue 24): random property maps, written to a node and encoded both ways, must parse to
 * the same value. A time is compared as the instant it names: Neo4j and the driver spell fractions of
 * a second differently ("...06.883Z" against "...06.883000000Z").
 */
import fc from 'fast-check';
import { jsonOf } from '../../src/db/fragments';
import type { Neo4jGateway, Row } from '../../src/db/neo4j';
import { testGateway } from '../support/db';

let gateway: Neo4jGateway;
beforeAll(() => {
  gateway = testGateway();
});
afterAll(async () => {
  await gateway.write({ name: 'test/json-clean', cypher: 'MATCH (n:JsonProbe) DELETE n' });
  await gateway.close();
});

const ISO = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/;
const instants = (value: unknown): unknown =>
  typeof value === 'string' && ISO.test(value)
    ? new Date(value).getTime()
    : Array.isArray(value)
      ? value.map(instants)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, instants(v)]))
        : value;

// Any text, controls and quotes and backslashes included, and astral characters.
const text = fc.string({ unit: 'binary', maxLength: 12 });
const scalar = fc.oneof(
  text,
  fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
);
// Property lists hold one type.
const list = fc.oneof(
  fc.array(text, { maxLength: 4 }),
  fc.array(fc.integer(), { maxLength: 4 }),
  fc.array(fc.boolean(), { maxLength: 4 }),
);
const props = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.oneof(scalar, list), {
  maxKeys: 6,
});

it('writes what JSON.stringify writes, for 200 random property maps and times', async () => {
  await fc.assert(
    fc.asyncProperty(props, fc.boolean(), async (map, withTime) => {
      const [row] = await gateway.write<Row>({
        name: 'test/json',
        cypher: [
          'CREATE (n:JsonProbe) SET n = $map',
          'FOREACH (_ IN CASE WHEN $withTime THEN [1] ELSE [] END | SET n.at = datetime(), n.day = date())',
          `WITH n, properties(n) AS m RETURN m, ${jsonOf('m')} AS text`,
        ].join('\n'),
        params: { map, withTime },
      });
      const text = String(row?.text);
      expect(instants(JSON.parse(text))).toEqual(instants(JSON.parse(JSON.stringify(row?.m))));
    }),
    { seed: 24, numRuns: 200 },
  );
});

it('writes null for no map, and {} for a map with nothing in it', async () => {
  const [row] = await gateway.read<Row>({
    name: 'test/json-edges',
    cypher: `WITH null AS m, {} AS e RETURN ${jsonOf('m')} AS none, ${jsonOf('e')} AS empty`,
  });
  expect(row).toEqual({ none: null, empty: '{}' });
});
