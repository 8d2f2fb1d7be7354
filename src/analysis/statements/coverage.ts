/**
 * The statements of Party-organisation coverage (of a chain or a zone) and of the zone comparison.
 * Each counts in the graph; the reported figures about the same subject come along beside the counts.
 */
import type { Row, Statement } from '../../db/neo4j';
import { statement } from '../../db/cypher-files';
import { tallyOf } from '../../aggregates/statements';
import { cypherKey } from '../../aggregates/tally';
import { chainSegments, fromZone, inZone, ON_CHAIN, toZone } from '../../db/fragments';
import { CypherBuilder, projectSelected, selectionUnder, type Selection } from '../../read/compile';
import type { Figure, ParkComparison } from '../coverage';

/** The subject and the counts coverage is computed from; `reported` are the articles' indicators. */
export type CoverageRow = ({ found: true; subject: Row } | { found: false; subject: null }) & {
  enterprises: number;
  withOrg: number;
  jointCommittees: number;
  inCommittee: number;
  orgs: number;
  highTech: number;
  onChains: number;
  reported: Omit<Figure, 'basis'>[];
};

/**
 * The graph's own counts for a chain (`IndustryChain`) or a zone (`Park`) `x`, and what is reported about
 * it; `tallied` reads the counts from the subject's tally (aggregates/) instead of counting its firms.
 */
export function partyCoverageStatement(
  selection: Selection,
  id: string,
  isChain: boolean,
  tallied = false,
): Statement<CoverageRow> {
  const b = new CypherBuilder();
  const subject = projectSelected(
    b,
    'x',
    isChain ? 'IndustryChain' : 'Node',
    selectionUnder(selection, 'PartyCoverage', ['subject']),
  );
  const indicator = projectSelected(
    b,
    'i',
    'Indicator',
    selectionUnder(selection, 'PartyCoverage', ['figures', 'indicator']),
  );
  const committees = isChain
    ? 'COLLECT { MATCH (j:PartyOrganization)-[:GOVERNS]->(x) RETURN j }'
    : 'COLLECT { MATCH (x)-[:HAS_CHAIN]->(:IndustryChain)<-[:GOVERNS]-(j:PartyOrganization) RETURN DISTINCT j }';
  return statement(
    `analysis/partyCoverage/${isChain ? 'chain' : 'zone'}${tallied ? '/tallied' : ''}`,
    [
      `OPTIONAL MATCH (x:${isChain ? 'IndustryChain' : 'Park'} {id: $id})`,
      ...(tallied ? talliedCoverage(isChain, committees) : countedCoverage(isChain, committees)),
      'RETURN x IS NOT NULL AS found,',
      `  CASE WHEN x IS NULL THEN null ELSE ${subject} END AS subject,`,
      '  enterprises, withOrg, size(committees) AS jointCommittees, inCommittee, orgs, highTech, onChains,',
      '  COLLECT { MATCH (i:Indicator)-[:MEASURES]->(x) WITH i ORDER BY i.metric, i.id',
      `    RETURN {metric: i.metric, name: i.name, value: i.value, unit: i.unit, date: i.date, indicator: ${indicator}} } AS reported`,
    ],
    { ...b.params, id },
  );
}

/** The counts of coverage from the subject's firms, counted. */
function countedCoverage(isChain: boolean, committees: string): string[] {
  const firms = isChain
    ? `COLLECT { MATCH (e:Enterprise)-[:${ON_CHAIN}]->(x) RETURN DISTINCT e }`
    : // From the zone outwards: testing every enterprise for the zone read all of them (1M at national scale).
      `COLLECT { MATCH ${fromZone('x', 'e:Enterprise')} RETURN DISTINCT e }`;
  return [
    `WITH x, ${firms} AS firms, ${committees} AS committees`,
    'WITH x, firms, committees,',
    '  size([e IN firms WHERE EXISTS { (:PartyOrganization)-[:BELONGS_TO]->(e) }]) AS withOrg,',
    '  size([e IN firms WHERE EXISTS { (:PartyOrganization)-[:BELONGS_TO]->(e) } AND EXISTS { (o:PartyOrganization)-[:BELONGS_TO]->(e) WHERE EXISTS { (o)-[:MEMBER_OF]->(j) WHERE j IN committees } }]) AS inCommittee',
    'WITH x, committees, withOrg, inCommittee, size(firms) AS enterprises,',
    '  COUNT { MATCH (o:PartyOrganization)-[:BELONGS_TO]->(e:Enterprise) WHERE e IN firms RETURN DISTINCT o } AS orgs,',
    '  size([e IN firms WHERE e.highTech]) AS highTech,',
    `  size([e IN firms WHERE EXISTS { (e)-[:${ON_CHAIN}]->() }]) AS onChains`,
  ];
}

/** The same counts read from the subject's tally: index look-ups, whatever the number of firms. */
function talliedCoverage(isChain: boolean, committees: string): string[] {
  const key = isChain ? cypherKey.chain('x') : cypherKey.zone('x');
  const counters = ['firms', 'withOrg', 'inCommittee', 'orgs', 'highTech', 'onChains'] as const;
  return [
    `WITH x, ${tallyOf(key, counters)} AS a, ${committees} AS committees`,
    'WITH x, committees, a.firms AS enterprises, a.withOrg AS withOrg, a.inCommittee AS inCommittee,',
    `  a.orgs AS orgs, a.highTech AS highTech, ${isChain ? '0' : 'a.onChains'} AS onChains`,
  ];
}

/** One zone of the comparison, at its position in the ids given; `found` false for an unknown id. */
export type ComparisonRow = ParkComparison & { position: number; id: string; found: boolean };

/** Zones side by side, in the order of `ids`, in one statement. */
export function compareParksStatement(
  selection: Selection,
  ids: string[],
  tallied = false,
): Statement<ComparisonRow> {
  const b = new CypherBuilder();
  const park = projectSelected(b, 'z', 'Node', selectionUnder(selection, 'ParkComparison', ['park']));
  const indicator = projectSelected(
    b,
    'i',
    'Indicator',
    selectionUnder(selection, 'ParkComparison', ['indicators']),
  );
  return statement(
    tallied ? 'analysis/compareParks/tallied' : 'analysis/compareParks',
    [
      'UNWIND range(0, size($ids) - 1) AS position',
      'OPTIONAL MATCH (z:Park {id: $ids[position]})',
      'WITH position, $ids[position] AS id, z',
      'OPTIONAL CALL (z) {',
      `  MATCH (z)-[:HAS_CHAIN]->${chainSegments('c:IndustryChain', 's:ChainSegment')}`,
      tallied
        ? `  WITH c, s, ${tallyOf(cypherKey.zoneSegment('z', 's'), ['firms'])}.firms AS local`
        : `  WITH c, s, COUNT { MATCH (e:Enterprise)-[:OPERATES_IN]->(s) WHERE ${inZone('e', 'z')} } AS local`,
      '  RETURN count(s) AS segments, count(CASE WHEN local >= 2 THEN 1 END) AS covered,',
      '    count(CASE WHEN local = 1 THEN 1 END) AS weak, count(CASE WHEN local = 0 THEN 1 END) AS gaps',
      '}',
      'RETURN position, id, z IS NOT NULL AS found,',
      `  CASE WHEN z IS NULL THEN null ELSE ${park} END AS park,`,
      '  COUNT { (z)-[:HAS_CHAIN]->(:IndustryChain) } AS chains,',
      '  coalesce(segments, 0) AS segments, coalesce(covered, 0) AS covered, coalesce(weak, 0) AS weak, coalesce(gaps, 0) AS gaps,',
      '  COUNT { MATCH (z)-[:HAS_CHAIN]->(:IndustryChain)<-[:GOVERNS]-(j:PartyOrganization) RETURN DISTINCT j } AS committees,',
      `  COUNT { MATCH (i:Institution) WHERE EXISTS { ${toZone('i', 'z', 'LOCATED_IN|PARTNERS_WITH|TRAINS_FOR')} } OR EXISTS { (i)-[:PARTNERS_WITH|TRAINS_FOR]->(:IndustryChain)<-[:HAS_CHAIN]-(z) } RETURN DISTINCT i } AS institutions,`,
      tallied
        ? `  ${tallyOf(cypherKey.zone('z'), ['firms'])}.firms AS enterprises,`
        : `  COUNT { MATCH ${fromZone('z', 'e:Enterprise')} RETURN DISTINCT e } AS enterprises,`,
      `  COLLECT { MATCH (i:Indicator)-[:MEASURES]->(z) WITH i ORDER BY i.metric, i.id RETURN ${indicator} } AS indicators`,
      'ORDER BY position',
    ],
    { ...b.params, ids },
  );
}
