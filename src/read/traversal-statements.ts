/**
 * The statements of the traversals, one per traversal and kind of start node. Each matches its start
 * optionally, so an unknown id is told apart from an empty answer without a second statement. Depths
 * are checked integers and the only values written into the text (Cypher takes no parameter as a
 * quantifier bound); labels come from the model; everything else is a parameter.
 */
import type { Row, Statement } from '../db/neo4j';
import { statement } from '../db/cypher-files';
import { chainSegments, PROXIMITY } from '../db/fragments';
import type { NodeLabel } from '../model/registry';
import { CypherBuilder, projectSelected, selectionUnder, type Selection } from './compile';
import type { ChainStep, GraphPath, TalentStep } from './traversal-types';

/** A traversal's answer: whether its start exists, and what it reached. */
export type Reached<K extends string, T> = { found: boolean } & Record<K, T[]>;

/**
 * Steps from start `x`: `body` reads `x` and returns rows of node, distance and via; each node keeps
 * its shortest distance, and the steps come nearest first.
 */
function steps(
  selection: Selection,
  label: NodeLabel,
  id: string,
  name: string,
  body: string,
): Statement<Reached<'steps', ChainStep>> {
  const b = new CypherBuilder();
  const projection = projectSelected(b, 'node', 'Node', selectionUnder(selection, 'ChainStep', ['node']));
  return statement(
    name,
    [
      `OPTIONAL MATCH (x:${label} {id: $start})`,
      `OPTIONAL CALL (x) { ${body} }`,
      'WITH x, node, min(distance) AS distance, head(collect(via)) AS via ORDER BY distance, node.id',
      `WITH x, collect(CASE WHEN node IS NOT NULL THEN {node: ${projection}, distance: distance, via: via} END) AS steps`,
      'RETURN x IS NOT NULL AS found, steps',
    ],
    { ...b.params, start: id },
  );
}

/** Segments through FEEDS from the enterprise's own segments (or the segment), firms through SUPPLIES. */
export function supplyChainStatement(
  selection: Selection,
  label: NodeLabel,
  id: string,
  upstream: boolean,
  depth: number,
): Statement<Reached<'steps', ChainStep>> {
  const feeds = upstream ? '<-[:FEEDS]-' : '-[:FEEDS]->';
  const supplies = upstream ? '<-[:SUPPLIES]-' : '-[:SUPPLIES]->';
  const segments = `MATCH p = ANY SHORTEST (s0)${feeds}{1,${depth}}(node:ChainSegment) RETURN node, length(p) AS distance, 'FEEDS' AS via`;
  const body =
    label === 'ChainSegment'
      ? `WITH x AS s0 ${segments}`
      : `MATCH (x)-[:OPERATES_IN]->(s0:ChainSegment) ${segments} UNION ALL ` +
        `MATCH p = ANY SHORTEST (x)${supplies}{1,${depth}}(node:Enterprise) WHERE node <> x RETURN node, length(p) AS distance, 'SUPPLIES' AS via`;
  return steps(selection, label, id, `traverse/supplyChain/${label}`, body);
}

/** Organisations through REPORTS_TO and MEMBER_OF from a branch, or from an enterprise's branches. */
export function partyChainStatement(
  selection: Selection,
  label: NodeLabel,
  id: string,
  up: boolean,
  depth: number,
): Statement<Reached<'steps', ChainStep>> {
  const hop = up ? '-[:REPORTS_TO|MEMBER_OF]->' : '<-[:REPORTS_TO|MEMBER_OF]-';
  const climb = `MATCH p = ANY SHORTEST (o0)${hop}{1,${depth}}(node:PartyOrganization) WHERE node <> o0 RETURN node, length(p) AS distance, 'REPORTS_TO|MEMBER_OF' AS via`;
  const body =
    label === 'PartyOrganization'
      ? `WITH x AS o0 ${climb}`
      : `MATCH (node:PartyOrganization)-[:BELONGS_TO]->(x) RETURN node, 0 AS distance, 'BELONGS_TO' AS via UNION ALL ` +
        `MATCH (o0:PartyOrganization)-[:BELONGS_TO]->(x) ${climb}`;
  return steps(selection, label, id, `traverse/partyChain/${label}`, body);
}

/** Who an institution or platform (and its units) trains for, or who trains for a firm, chain or zone. */
export function talentChainStatement(
  selection: Selection,
  label: NodeLabel,
  id: string,
): Statement<Reached<'steps', TalentStep>> {
  const b = new CypherBuilder();
  const from = projectSelected(b, 'src', 'Node', selectionUnder(selection, 'TalentStep', ['from']));
  const to = projectSelected(b, 'dst', 'Node', selectionUnder(selection, 'TalentStep', ['to']));
  const trains = label === 'Institution' || label === 'Platform';
  const link = trains
    ? 'MATCH (src)-[:PART_OF]->{0,2}(x) MATCH (src)-[t:TRAINS_FOR]->(dst)'
    : 'MATCH (src)-[t:TRAINS_FOR]->(dst) WHERE dst = x OR EXISTS { (x)-[:IN_CHAIN|LOCATED_IN|HAS_CHAIN]-(dst) } OR EXISTS { (x)-[:PART_OF]->(dst) }';
  return statement(
    `traverse/talentChain/${label}`,
    [
      `OPTIONAL MATCH (x:${label} {id: $start})`,
      `OPTIONAL CALL (x) { ${link} RETURN DISTINCT src, t, dst }`,
      'WITH x, src, t, dst ORDER BY src.id, dst.id',
      `WITH x, collect(CASE WHEN t IS NOT NULL THEN {from: ${from}, to: ${to}, programme: t.programme, count: t.count, unit: t.unit, sources: coalesce(t.sources, [])} END) AS steps`,
      'RETURN x IS NOT NULL AS found, steps',
    ],
    { ...b.params, start: id },
  );
}

const DEVELOPED_UNDER = 'MATCH (dev)-[:PART_OF]->{0,2}(x) MATCH (dev)-[:DEVELOPED]->(o:Outcome)';

/** How each kind of start reaches its outcomes. */
const OUTCOMES_OF: Partial<Record<NodeLabel, string>> = {
  Institution: DEVELOPED_UNDER,
  Platform: DEVELOPED_UNDER,
  Enterprise:
    'MATCH (o:Outcome) WHERE EXISTS { (o)-[:TRANSFERS_TO]->(x) } OR EXISTS { (x)-[:DEVELOPED]->(o) }',
  ChainSegment: 'MATCH (o:Outcome)-[:APPLIES_TO]->(x)',
  IndustryChain:
    'MATCH (o:Outcome) WHERE EXISTS { (o)-[:APPLIES_TO]->(x) } OR ' +
    `EXISTS { ${chainSegments('x', ':ChainSegment')}<-[:APPLIES_TO]-(o) }`,
};

/** Outcomes developed under, transferred to, or applying to the start, by name. */
export function innovationChainStatement(
  selection: Selection,
  label: NodeLabel,
  id: string,
): Statement<Reached<'outcomes', Row>> {
  const b = new CypherBuilder();
  const projection = projectSelected(b, 'o', 'Outcome', selection);
  return statement(
    `traverse/innovationChain/${label}`,
    [
      `OPTIONAL MATCH (x:${label} {id: $start})`,
      `OPTIONAL CALL (x) { ${OUTCOMES_OF[label] ?? ''} RETURN DISTINCT o }`,
      'WITH x, o ORDER BY o.name, o.id',
      `WITH x, collect(CASE WHEN o IS NOT NULL THEN ${projection} END) AS outcomes`,
      'RETURN x IS NOT NULL AS found, outcomes',
    ],
    { ...b.params, start: id },
  );
}

/** Whether each end exists, and a shortest path between them that no provenance or figure makes. */
export type PathRow = { fromFound: boolean; toFound: boolean; path: GraphPath | null };

/** A shortest path of at most `depth` hops between two nodes. */
export function shortestPathStatement(
  selection: Selection,
  from: { label: NodeLabel; id: string },
  to: { label: NodeLabel; id: string },
  depth: number,
): Statement<PathRow> {
  const b = new CypherBuilder();
  const projection = projectSelected(b, 'x', 'Node', selectionUnder(selection, 'GraphPath', ['nodes']));
  return statement(
    'traverse/shortestPath',
    [
      `OPTIONAL MATCH (a:${from.label} {id: $from})`,
      `OPTIONAL MATCH (z:${to.label} {id: $to})`,
      `OPTIONAL CALL (a, z) { MATCH p = ANY SHORTEST (a)-[:${PROXIMITY}]-{0,${depth}}(z) RETURN p }`,
      'RETURN a IS NOT NULL AS fromFound, z IS NOT NULL AS toFound, CASE WHEN p IS NULL THEN null ELSE {',
      `  length: length(p), nodes: [x IN nodes(p) | ${projection}],`,
      '  links: [r IN relationships(p) | {type: type(r), from: startNode(r).id, to: endNode(r).id, basis: r.basis, sources: coalesce(r.sources, [])}]',
      '} END AS path',
    ],
    { ...b.params, from: from.id, to: to.id },
  );
}
