/**
 * What one enterprise stopping takes from its zone, in one statement: the segments it alone covers in
 * its zone, the segments downstream of those, and the customers left without a supplier of their own zone.
 */
import type { Row, Statement } from '../../db/neo4j';
import { statement } from '../../db/cypher-files';
import { inZone, zoneOf } from '../../db/fragments';
import { CypherBuilder, projectSelected, selectionUnder, type Selection } from '../../read/compile';
import { DEPTH_DEFAULT, type ChainStep } from '../../read/traversal-types';

/** Whether the enterprise exists, and the three parts of what it would take away. */
export type BlastRow = {
  found: boolean;
  orphanedSegments: Row[];
  downstreamSegments: ChainStep[];
  orphanedCustomers: Row[];
};

export function blastRadiusStatement(selection: Selection, enterpriseId: string): Statement<BlastRow> {
  const b = new CypherBuilder();
  const under = (...path: string[]): Selection => selectionUnder(selection, 'BlastRadius', path);
  const orphan = projectSelected(b, 's', 'ChainSegment', under('orphanedSegments'));
  const downstream = projectSelected(
    b,
    'd',
    'Node',
    selectionUnder(under('downstreamSegments'), 'ChainStep', ['node']),
  );
  const customer = projectSelected(b, 'cu', 'Enterprise', under('orphanedCustomers'));
  return statement(
    'analysis/blastRadius',
    [
      'OPTIONAL MATCH (x:Enterprise {id: $id})',
      `OPTIONAL MATCH ${zoneOf('x', 'z')}`,
      'WITH x, collect(DISTINCT z) AS zones',
      'WITH x, zones, COLLECT {',
      '  MATCH (x)-[:OPERATES_IN]->(s:ChainSegment)',
      `  WHERE NOT EXISTS { MATCH (o:Enterprise)-[:OPERATES_IN]->(s) WHERE o <> x AND any(z IN zones WHERE ${inZone('o', 'z')}) }`,
      '  RETURN DISTINCT s',
      '} AS orphans',
      'WITH x, zones, orphans, COLLECT {',
      `  UNWIND orphans AS o0 MATCH p = (o0)-[:FEEDS]->{1,${DEPTH_DEFAULT}}(d:ChainSegment) WHERE NOT d IN orphans`,
      '  WITH d, min(length(p)) AS distance ORDER BY distance, d.id',
      `  RETURN {node: ${downstream}, distance: distance, via: 'FEEDS'}`,
      '} AS downstream',
      'RETURN x IS NOT NULL AS found,',
      `  [s IN orphans | ${orphan}] AS orphanedSegments, downstream AS downstreamSegments,`,
      '  COLLECT {',
      '    MATCH (x)-[:SUPPLIES]->(cu:Enterprise)',
      `    OPTIONAL MATCH ${zoneOf('cu', 'cz')}`,
      '    WITH cu, collect(cz) AS czs',
      `    WHERE NOT EXISTS { MATCH (other:Enterprise)-[:SUPPLIES]->(cu) WHERE other <> x AND any(cz IN czs WHERE ${inZone('other', 'cz')}) }`,
      `    RETURN ${customer}`,
      '  } AS orphanedCustomers',
    ],
    { ...b.params, id: enterpriseId },
  );
}
