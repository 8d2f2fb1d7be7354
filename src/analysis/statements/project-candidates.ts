/**
 * The part of the fill-candidates statement that proposes projects of other zones: a CALL subquery
 * over the chain's zone `z` and the segment `s`, returning the ranked list as `projects`.
 */
import { inZone, zoneOf } from '../../db/fragments';
import { projectSelected, type CypherBuilder, type Selection } from '../../read/compile';
import { PROJECT_STATUS_RANK } from '../project-candidates';

/** The selections under `projects` the subquery projects: the project, its zone, investors, sources. */
export interface ProjectSelections {
  project: Selection;
  zone: Selection;
  investors: Selection;
  sources: Selection;
}

/** The subquery; `$first` caps it as it caps the enterprises. */
export function projectCandidatesCypher(b: CypherBuilder, selected: ProjectSelections): string[] {
  const project = projectSelected(b, 'p', 'Project', selected.project);
  const zone = projectSelected(b, 'pz', 'Park', selected.zone);
  const investor = projectSelected(b, 'inv', 'Node', selected.investors);
  const source = projectSelected(b, 'src', 'Source', selected.sources);
  const ranks = b.param(PROJECT_STATUS_RANK);
  const rank = `CASE p.status ${PROJECT_STATUS_RANK.map((status, i) => `WHEN '${status}' THEN ${i}`).join(' ')} END`;
  return [
    'OPTIONAL CALL (z, s) {',
    `  MATCH (p:Project)-[f:FILLS]->(s) WHERE p.status IN ${ranks} AND NOT ${inZone('p', 'z')}`,
    // Stated unless a curator marked the link INFERRED, as everywhere in the graph.
    `  WITH p, f, ${rank} AS rank, coalesce(f.basis = 'INFERRED', false) AS inferred`,
    '  ORDER BY rank, inferred, p.id LIMIT $first',
    '  RETURN collect({project: ' + project + ',',
    `    zone: head(COLLECT { MATCH ${zoneOf('p', 'pz')} WITH DISTINCT pz ORDER BY pz.name, pz.id LIMIT 1 RETURN ${zone} }),`,
    `    investors: COLLECT { MATCH (inv)-[:INVESTS_IN]->(p) WITH DISTINCT inv ORDER BY inv.name, inv.id RETURN ${investor} },`,
    "    evidence: {status: p.status, basis: CASE WHEN inferred THEN 'INFERRED' ELSE 'STATED' END, mode: f.mode, note: f.note,",
    '      chainMasterInvestor: EXISTS { (:IndustryChain)<-[:CHAIN_MASTER_OF]-(:Enterprise)-[:INVESTS_IN]->(p) },',
    '      specializedInvestor: EXISTS { (x:Enterprise)-[:INVESTS_IN]->(p) WHERE x.specialized = true },',
    `      sources: COLLECT { MATCH (src:Source) WHERE src.id IN coalesce(f.sources, []) WITH src ORDER BY src.id RETURN ${source} }}}) AS projects`,
    '}',
  ];
}
