import { recordCypher, tck } from './cypher-recorder';

const step = '{ distance via node { id ... on Enterprise { name } ... on ChainSegment { name } } }';

/** TCK-style: the statement each traversal sends, per kind of start node and direction. */
const cases: [string, string][] = [
  [
    'supplyChain up from an enterprise',
    `{ supplyChain(id: "ent:baiyin-htz.dongfang-tiye", depth: 4) ${step} }`,
  ],
  [
    'supplyChain down from a segment',
    `{ supplyChain(id: "seg:lithium.cathode", direction: DOWNSTREAM, depth: 2) ${step} }`,
  ],
  [
    'supplyChain down from an enterprise',
    `{ supplyChain(id: "ent:baiyin-htz.dongfang-tiye", direction: DOWNSTREAM) ${step} }`,
  ],
  [
    'partyChain up from an organisation',
    '{ partyChain(id: "org:baiyin-htz.work-committee") { distance via node { id } } }',
  ],
  [
    'partyChain down from an enterprise',
    '{ partyChain(id: "ent:baiyin-htz.dongfang-tiye", direction: DOWN, depth: 2) { distance node { id } } }',
  ],
  [
    'talentChain from an institution',
    '{ talentChain(id: "inst:kunming-university") { from { id } to { id } programme count unit sources } }',
  ],
  ['talentChain to a zone', '{ talentChain(id: "park:kunming-htz") { from { id } to { id } } }'],
  ['innovationChain of an institution', '{ innovationChain(id: "inst:kunming-university") { name } }'],
  ['innovationChain of an enterprise', '{ innovationChain(id: "ent:baiyin-htz.dongfang-tiye") { name } }'],
  [
    'innovationChain of a segment',
    '{ innovationChain(id: "seg:lithium.cathode") { name appliesTo { name } } }',
  ],
  ['innovationChain of a chain', '{ innovationChain(id: "chain:baiyin-htz.lithium-battery") { id } }'],
  [
    'shortestPath',
    `{ shortestPath(from: "ent:baiyin-htz.dongfang-tiye", to: "park:kunming-htz", maxDepth: 4) {
        length nodes { id } links { type from to basis sources } } }`,
  ],
];

describe('Cypher of the traversals', () => {
  it.each(cases)('%s', async (_title, source) => {
    const statements = await recordCypher(source);
    expect(statements).toHaveLength(1);
    expect(tck(statements)).toMatchSnapshot();
  });
});
