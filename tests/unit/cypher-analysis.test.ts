import { recordCypher, tck } from './cypher-recorder';

/** TCK-style: the statement each analysis sends for an operation, text and parameters. */
const cases: [string, string][] = [
  [
    'chainSnapshot with every part selected',
    `{ chainSnapshot(chainId: "chain:baiyin-htz.lithium-battery") {
        chain { name committee { name } chainMasters { name } }
        segments { segment { name } status gapType enterprises { name } enterpriseCount projects { name status }
          score { total localScale linkage innovation } }
        missing weak filling covered } }`,
  ],
  [
    'chainGaps with the status alone: no score parts counted',
    '{ chainGaps(chainId: "chain:kunming-htz.biomed") { status } }',
  ],
  [
    'chainGaps with the gap type: outcomes counted, the score not',
    '{ chainGaps(chainId: "chain:kunming-htz.biomed") { segment { id } gapType enterpriseCount } }',
  ],
  [
    'fillCandidates',
    `{ fillCandidates(chainId: "chain:baiyin-htz.lithium-battery", segmentId: "seg:lithium.cathode", first: 5) {
        enterprises { enterprise { name } score evidence { coversSegment supplyLinks chainMaster specialized highTech
          commonNeighbours adamicAdar sharedPartners { id } } }
        projects { project { id status } zone { id } investors { id }
          evidence { status basis mode note chainMasterInvestor specializedInvestor sources { id } } }
        institutions { developer { id } outcomes { name } } } }`,
  ],
  [
    'blastRadius',
    `{ blastRadius(enterpriseId: "ent:baiyin-htz.dongfang-tiye") {
        orphanedSegments { name } downstreamSegments { distance via node { id } } orphanedCustomers { name } } }`,
  ],
  [
    'partyCoverage of a chain',
    `{ partyCoverage(id: "chain:baiyin-htz.lithium-battery") {
        subject { id } enterprises withPartyOrganization jointCommittees inJointCommittee
        figures { metric value basis indicator { name } } } }`,
  ],
  [
    'partyCoverage of a zone',
    '{ partyCoverage(id: "park:kunming-htz") { subject { id ... on Park { kind } } enterprises figures { metric } } }',
  ],
  [
    'compareParks',
    `{ compareParks(ids: ["park:kunming-htz", "park:baiyin-htz"]) {
        park { id } chains segments covered weak gaps committees institutions enterprises indicators { name } } }`,
  ],
];

describe('Cypher of the analyses', () => {
  it.each(cases)('%s', async (_title, source) => {
    const statements = await recordCypher(source);
    expect(statements).toHaveLength(1);
    expect(tck(statements)).toMatchSnapshot();
  });
});

/** With AGGREGATES=false (and for the past) the analyses count the graph; the same cases, counted. */
describe('Cypher of the analyses, counted', () => {
  it.each(cases)('%s', async (_title, source) => {
    const statements = await recordCypher(source, { writes: { changeLog: true, aggregates: false } });
    expect(statements).toHaveLength(1);
    expect(tck(statements)).toMatchSnapshot();
  });
});
