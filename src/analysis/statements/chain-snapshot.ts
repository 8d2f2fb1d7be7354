/**
 * The chain snapshot in one statement: the chain with its selected fields, and per segment of its
 * type, in flow order, the local enterprises, the projects, and the counts the score needs.
 */
import type { Row, Statement } from '../../db/neo4j';
import { statement } from '../../db/cypher-files';
import { tallyOf } from '../../aggregates/statements';
import { cypherKey, type Counter } from '../../aggregates/tally';
import { flowOrder, fromZone, inZone } from '../../db/fragments';
import {
  CypherBuilder,
  isSelected,
  NESTED_LIST_LIMIT,
  projectSelected,
  selectionUnder,
  type Selection,
} from '../../read/compile';

/** One segment as counted: what classify() needs, and the projected segment, firms and projects. */
export type SegmentRow = {
  segment: Row;
  stage: string;
  enterprises: Row[];
  projects: Row[];
  local: number;
  localMasters: number;
  activeProjects: number;
  outcomes: number;
  neighbours: number;
  coveredNeighbours: number;
};

/** The chain projected and its segments in flow order; no chain (and no segment) when it does not exist. */
export type SnapshotRow =
  { found: true; chain: Row; segments: SegmentRow[] } | { found: false; chain: null; segments: [] };

/**
 * `gapsOnly`: the selection is of SegmentGap fields directly (chainGaps), not of a ChainSnapshot with
 * them under `segments`. The score's parts are counted only when selected: the status needs local
 * firms and projects alone, while the parts cost an expand per local firm and per neighbouring
 * segment. PROFILE of chainGaps { status } on the largest zone of the 100k set: 264k db hits with every
 * part counted, 160k without.
 */
export function chainSnapshotStatement(
  selection: Selection,
  chainId: string,
  gapsOnly: boolean,
  tallied = false,
): Statement<SnapshotRow> {
  const { fragments } = selection;
  const chainSelection = gapsOnly
    ? { set: undefined, fragments }
    : selectionUnder(selection, 'ChainSnapshot', ['chain']);
  const gaps = gapsOnly ? selection : selectionUnder(selection, 'ChainSnapshot', ['segments']);
  const under = (name: string): Selection => selectionUnder(gaps, 'SegmentGap', [name]);
  const wants = (name: string): boolean => isSelected(gaps.set, 'SegmentGap', name, fragments);
  const needScore = wants('score');
  const needOutcomes = needScore || wants('gapType');
  // Read from the tallies, the zone's firms are gathered only to list them.
  const needFirms = !tallied || wants('enterprises');
  const b = new CypherBuilder();
  const chain = projectSelected(b, 'c', 'IndustryChain', chainSelection);
  const segment = projectSelected(b, 's', 'ChainSegment', under('segment'));
  const enterprise = projectSelected(b, 'e', 'Enterprise', under('enterprises'));
  const project = projectSelected(b, 'p', 'Project', under('projects'));
  const tally = (s: string, counters: Counter[]): string => tallyOf(cypherKey.zoneSegment('z', s), counters);
  return statement(
    tallied ? 'analysis/chainSnapshot/tallied' : 'analysis/chainSnapshot',
    [
      'OPTIONAL MATCH (c:IndustryChain {id: $chain})',
      'OPTIONAL MATCH (z:Park)-[:HAS_CHAIN]->(c)',
      'OPTIONAL MATCH (c)-[:OF_TYPE]->(t:ChainType)',
      // The zone's firms, grouped by the segments they work in, found from the zone in one pass. Going
      // from each segment to all its firms in the country and testing their zone costs far more: counting
      // a chain's segments on the 100k set took 186k db hits that way against 3.5k from the zone for the
      // median zone (186 firms), and 201k against 157k for the largest (9,171 firms).
      ...(needFirms
        ? [
            'CALL (z) {',
            `  OPTIONAL MATCH ${fromZone('z', 'e:Enterprise')}-[:OPERATES_IN]->(s:ChainSegment)`,
            '  WITH s, collect(DISTINCT e) AS firms WHERE s IS NOT NULL',
            '  RETURN collect({s: s, firms: firms}) AS held',
            '}',
          ]
        : ['WITH c, z, t, [] AS held']),
      'OPTIONAL CALL (t, z, held) {',
      '  MATCH (t)-[:HAS_SEGMENT]->(s:ChainSegment)',
      ...(tallied
        ? [`  WITH s, z, held, ${tally('s', ['firms', 'masters', 'signed', 'building'])} AS a`]
        : []),
      `  WITH s, z, held, ${tallied ? 'a, ' : ''}coalesce(head([x IN held WHERE x.s = s | x.firms]), []) AS local,`,
      wants('projects')
        ? `    COLLECT { MATCH (p:Project)-[:FILLS]->(s) WHERE ${inZone('p', 'z')} RETURN p } AS projects,`
        : '    [] AS projects,',
      needScore
        ? '    COLLECT { MATCH (s)-[:FEEDS]-(n:ChainSegment) RETURN DISTINCT n } AS neighbours'
        : '    [] AS neighbours',
      '  RETURN s, local, projects, neighbours,',
      tallied ? '    a.firms AS localCount,' : '    size(local) AS localCount,',
      !needScore
        ? '    0 AS localMasters,'
        : tallied
          ? '    a.masters AS localMasters,'
          : '    size([e IN local WHERE EXISTS { (e)-[:CHAIN_MASTER_OF]->(:IndustryChain) }]) AS localMasters,',
      tallied
        ? '    a.signed + a.building AS activeProjects,'
        : `    COUNT { MATCH (p:Project)-[:FILLS]->(s) WHERE p.status IN ['SIGNED', 'BUILDING'] AND ${inZone('p', 'z')} } AS activeProjects,`,
      needOutcomes ? '    COUNT { (:Outcome)-[:APPLIES_TO]->(s) } AS outcomes,' : '    0 AS outcomes,',
      !needScore
        ? '    0 AS coveredNeighbours'
        : tallied
          ? `    size([n IN neighbours WHERE ${tally('n', ['firms'])}.firms > 0]) AS coveredNeighbours`
          : '    size([n IN neighbours WHERE any(x IN held WHERE x.s = n)]) AS coveredNeighbours',
      '}',
      `WITH c, s, local, localCount, projects, neighbours, localMasters, activeProjects, outcomes, coveredNeighbours ORDER BY ${flowOrder('s')}`,
      'WITH c, collect(CASE WHEN s IS NOT NULL THEN {',
      `  segment: ${segment}, stage: s.stage,`,
      // Capped like every nested list; enterpriseCount gives the whole number.
      wants('enterprises')
        ? `  enterprises: COLLECT { UNWIND local AS e WITH e ORDER BY e.name, e.id LIMIT ${NESTED_LIST_LIMIT} RETURN ${enterprise} },`
        : '  enterprises: [],',
      `  projects: [p IN projects | ${project}],`,
      '  local: localCount, localMasters: localMasters, activeProjects: activeProjects, outcomes: outcomes,',
      '  neighbours: size(neighbours), coveredNeighbours: coveredNeighbours',
      '} END) AS segments',
      `RETURN c IS NOT NULL AS found, CASE WHEN c IS NULL THEN null ELSE ${chain} END AS chain, segments`,
    ],
    { ...b.params, chain: chainId },
  );
}

/** Whether the chain exists now: an as-of answer without it is "not yet" for a chain that does. */
export function chainExistsStatement(chainId: string): Statement<{ found: boolean }> {
  return statement(
    'analysis/chainExists',
    ['OPTIONAL MATCH (c:IndustryChain {id: $chain}) RETURN c IS NOT NULL AS found'],
    {
      chain: chainId,
    },
  );
}
