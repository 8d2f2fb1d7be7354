import { validate } from 'class-validator';
import { graphql, type GraphQLSchema } from 'graphql';
import { FILTER_NAMES, type FilterName } from '../../src/model/define';
import { ID_PREFIX, NODE_LABELS, NODE_SPECS, type NodeLabel } from '../../src/model/registry';
import { CypherBuilder } from '../../src/read/compile';
import { FILTER_TYPES, filterConditions, LABEL_FILTERS, listMatch } from '../../src/read/filters';
import { listFieldName } from '../../src/read/resolvers';
import { createSchema } from '../../src/server/schema';

/** A value each filter is given in these tests: one a client could send. */
const SAMPLE: Record<FilterName, unknown> = {
  ids: undefined, // ids of the label, below
  nameContains: 'Ti钛',
  kind: undefined, // the label's first enumerated kind, below
  stage: 'UPSTREAM',
  status: 'SIGNED',
  metric: 'output_value',
  highTech: true,
  specialized: false,
  zone: 'park:baiyin-htz',
  park: 'park:baiyin-htz',
  chain: 'chain:baiyin-titanium',
  segment: 'seg:titanium-sponge',
  chainType: 'chaintype:titanium',
  subject: 'park:baiyin-htz',
};

const sample = (label: NodeLabel, filter: FilterName): unknown =>
  filter === 'kind'
    ? NODE_SPECS[label].enums?.kind?.[0]
    : filter === 'ids'
      ? [`${ID_PREFIX[label]}:a`, `${ID_PREFIX[label]}:b`]
      : SAMPLE[filter];

/** The first label whose list offers the filter: where the catalogue's entry is shown. */
const labelWith = (filter: FilterName): NodeLabel => {
  const label = NODE_LABELS.find((l) => LABEL_FILTERS[l].includes(filter));
  if (!label) throw new Error(`no label offers ${filter}`);
  return label;
};

/** One filter's Cypher, as a reviewer reads it: the condition, the anchor when it has one, the parameters. */
function cypherOf(label: NodeLabel, filter: FilterName): string {
  const value = sample(label, filter);
  const where = new CypherBuilder();
  const [condition, ...rest] = filterConditions(where, 'n', label, { [filter]: value });
  expect(rest).toEqual([]);
  const anchored = new CypherBuilder();
  const match = listMatch(anchored, 'n', label, { [filter]: value });
  return [
    `${label}(filter: { ${filter}: ${JSON.stringify(value)} })`,
    `  WHERE   ${condition}`,
    `  params  ${JSON.stringify(where.params)}`,
    match.anchored
      ? `  MATCH   ${match.pattern}`
      : '  MATCH   (no anchor: the condition is tested on each node)',
  ].join('\n');
}

describe('the filter catalogue', () => {
  it.each([...FILTER_NAMES])(
    '%s builds its condition (and anchor) with the value as a parameter',
    (filter) => {
      const label = labelWith(filter);
      const cypher = cypherOf(label, filter);
      // A text value never reaches the Cypher itself, only the parameters.
      const value = sample(label, filter);
      for (const text of [value].flat().filter((v): v is string => typeof v === 'string'))
        expect(cypher.split('\n')[1]).not.toContain(text);
      expect(cypher).toMatchSnapshot();
    },
  );

  it('every filter of every label builds one condition; those with an anchor start the pattern there', () => {
    for (const label of NODE_LABELS) {
      for (const filter of LABEL_FILTERS[label] as FilterName[]) {
        const b = new CypherBuilder();
        const conditions = filterConditions(b, 'n', label, { [filter]: sample(label, filter) });
        expect({ label, filter, conditions: conditions.length }).toEqual({ label, filter, conditions: 1 });
        const match = listMatch(new CypherBuilder(), 'n', label, { [filter]: sample(label, filter) });
        if (match.anchored) expect(match.pattern).toContain(`(n:${label})`);
        else
          expect({ label, filter, pattern: match.pattern }).toEqual({
            label,
            filter,
            pattern: `(n:${label})`,
          });
      }
    }
  });

  it('anchors on the first id filter and keeps the others as conditions', () => {
    const b = new CypherBuilder();
    const match = listMatch(b, 'n', 'Enterprise', { park: 'park:a', chain: 'chain:b', highTech: true });
    expect(match).toEqual({
      pattern: '(:Park {id: $p2})<-[:PART_OF]-{0,1}(:Park)<-[:LOCATED_IN]-(n:Enterprise)',
      anchored: true,
      conditions: [
        'EXISTS { (n)-[:IN_CHAIN|CHAIN_MASTER_OF]->(:IndustryChain {id: $p0}) }',
        'n.highTech = $p1',
      ],
    });
    expect(b.params).toEqual({ p0: 'chain:b', p1: true, p2: 'park:a' });
  });

  it('ignores filters the label does not offer, and null values', () => {
    const b = new CypherBuilder();
    expect(
      filterConditions(b, 'n', 'ChainType', { kind: 'ZONE', park: 'park:a', nameContains: null }),
    ).toEqual([]);
    expect(b.params).toEqual({});
  });

  it('refuses an enumerated value the model does not list, with BAD_USER_INPUT', () => {
    expect(() => filterConditions(new CypherBuilder(), 'n', 'Park', { kind: 'CITY' })).toThrow(
      'filter.kind must be one of ZONE, PARK',
    );
  });
});

/** The class-validator errors of one filter input, as `field: constraint` pairs. */
async function problems(label: NodeLabel, filter: Record<string, unknown>): Promise<string[]> {
  const Filter = FILTER_TYPES.get(label);
  const errors = await validate(Object.assign(new Filter(), filter));
  return errors.flatMap((e) => Object.keys(e.constraints ?? {}).map((c) => `${e.property}: ${c}`));
}

describe('the filter inputs refuse careless values before any Cypher is built', () => {
  const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `ent:e${i}`);

  it.each<[FilterName, unknown, string]>([
    ['ids', ids(101), 'ids: arrayMaxSize'],
    ['ids', ['Ent A'], 'ids: matches'],
    ['nameContains', '', 'nameContains: minLength'],
    ['nameContains', 'x'.repeat(101), 'nameContains: maxLength'],
    ['metric', '', 'metric: minLength'],
    ['metric', 'x'.repeat(61), 'metric: maxLength'],
    ['zone', 'park baiyin', 'zone: matches'],
    ['park', 'PARK:A', 'park: matches'],
    ['chain', 'chain', 'chain: matches'],
    ['segment', 'seg:', 'segment: matches'],
    ['chainType', ':x', 'chainType: matches'],
    ['subject', 'park:a b', 'subject: matches'],
  ])('%s refuses %j', async (filter, value, expected) => {
    const label = labelWith(filter);
    expect(await problems(label, { [filter]: value })).toEqual([expected]);
    expect(await problems(label, { [filter]: sample(label, filter) })).toEqual([]);
  });

  it('takes the limits themselves: 100 ids, 100 characters of a name', async () => {
    expect(await problems('Enterprise', { ids: ids(100), nameContains: 'x'.repeat(100) })).toEqual([]);
  });

  describe('through GraphQL, for the filters typed by GraphQL itself (enums and booleans)', () => {
    let schema: GraphQLSchema;
    beforeAll(async () => {
      schema = await createSchema();
    });

    const errorsOf = async (label: NodeLabel, filter: string): Promise<string[]> => {
      const source = `{ ${listFieldName(label)}(filter: { ${filter} }) { totalCount } }`;
      const result = await graphql({ schema, source, contextValue: {} });
      return (result.errors ?? []).map((e) => e.message);
    };

    it.each<[NodeLabel, string]>([
      ['Park', 'kind: CITY'],
      ['Park', 'kind: "ZONE"'],
      ['ChainSegment', 'stage: SIDEWAYS'],
      ['Project', 'status: DONE'],
      ['Enterprise', 'highTech: "yes"'],
      ['Enterprise', 'specialized: 1'],
    ])('%s refuses %s', async (label, filter) => {
      const errors = await errorsOf(label, filter);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/cannot represent|does not exist in|Expected/);
    });
  });
});
