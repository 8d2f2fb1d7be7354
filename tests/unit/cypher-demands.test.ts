import { recordCypher, tck } from './cypher-recorder';

/** TCK-style: the statement of each step of the demand loop and of its two reads. */
const cases: [string, string][] = [
  [
    'raiseDemand',
    `mutation { raiseDemand(input: { id: "demand:a", name: "用地", category: "LAND", enterprise: "ent:baiyin-htz.dongfang-tiye",
        source: "source:baiyin" }) { id state } }`,
  ],
  [
    'advanceDemand to ASSIGNED: the assignee is matched',
    'mutation { advanceDemand(id: "demand:a", to: ASSIGNED, assignee: "gov:baiyin-htz.committee") { id state } }',
  ],
  ['advanceDemand to CLOSED', 'mutation { advanceDemand(id: "demand:a", to: CLOSED) { id closedAt } }'],
  ['openDemands of a zone', '{ openDemands(of: "park:baiyin-htz") { id name } }'],
  ['openDemands of a chain', '{ openDemands(of: "chain:baiyin-htz.lithium-battery") { id } }'],
  ['openDemands of an assignee', '{ openDemands(of: "gov:baiyin-htz.committee") { id } }'],
  [
    'demandStats',
    '{ demandStats(of: "park:baiyin-htz") { total open closed closureRate meanResponseHours meanClosingHours } }',
  ],
];

describe('Cypher of the demand loop', () => {
  it.each(cases)('%s', async (_title, source) => {
    const statements = await recordCypher(source);
    expect(statements).toHaveLength(1);
    expect(tck(statements)).toMatchSnapshot();
  });
});
