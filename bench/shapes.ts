/**
 * The query shapes, each written three ways side by side: (a) this service's GraphQL, (b) the same
 * question in @neo4j/graphql 7's generated API (or why it cannot be asked), and (c) hand-written Cypher
 * for the raw driver and the HTTP floor (d); the two writes come last. Each shape also says how to reduce an answer of each system to one canonical
 * form, so the integration test can check the three agree before anyone compares their speed.
 */

import { entity, filteredList, nested } from './shapes-lookups';
import { gaps, map, snapshot, upstream } from './shapes-chains';
import { compareParks, fillCandidates, partyCoverage } from './shapes-analyses';
import { search, shortestPath } from './shapes-paths';
import { importData, upsertEnterprise } from './shapes-writes';
import type { Shape } from './shape';

export type { Params, Shape } from './shape';

export const SHAPES: readonly Shape[] = [
  entity,
  filteredList,
  nested,
  snapshot,
  upstream,
  gaps,
  map,
  search,
  fillCandidates,
  partyCoverage,
  compareParks,
  shortestPath,
  upsertEnterprise,
  importData,
];

/** The shapes named in a comma-separated list, in the order of SHAPES; all of them for undefined. */
export function selectShapes(names: string | undefined): Shape[] {
  if (!names) return [...SHAPES];
  const wanted = names.split(',').map((n) => n.trim());
  const unknown = wanted.filter((n) => !SHAPES.some((s) => s.name === n));
  if (unknown.length > 0)
    throw new Error(`unknown shape ${unknown.join(', ')}; use ${SHAPES.map((s) => s.name).join(', ')}`);
  return SHAPES.filter((s) => wanted.includes(s.name));
}
