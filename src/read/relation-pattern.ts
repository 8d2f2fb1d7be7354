/**
 * The pattern a relationship field of the model reads, shared by the compiler's projections and the
 * Boolean fields that test whether a relationship field has any node.
 */
import type { RelationSpec } from '../model/spec';

/** The path from node `v` to the far node `m` of a relationship field, its first relationship bound to `r`. */
export function relationPattern(v: string, m: string, r: string, spec: RelationSpec): string {
  const target = spec.target === 'Node' ? '' : `:${spec.target}`;
  // The zone is the park located in when that is a zone, else the zone that park is part of.
  if (spec.viaZone) return `(${v})-[${r}:${spec.type}]->(:Park)-[:PART_OF]->{0,1}(${m}:Park {kind: 'ZONE'})`;
  if (spec.direction === 'OUT') return `(${v})-[${r}:${spec.type}]->(${m}${target})`;
  if (spec.direction === 'IN') return `(${v})<-[${r}:${spec.type}]-(${m}${target})`;
  return `(${v})-[${r}:${spec.type}]-(${m}${target})`;
}

/** The order of a relationship field's nodes: segments by their flow order, the rest by name. */
export function orderFor(m: string, spec: RelationSpec): string {
  return spec.type === 'HAS_SEGMENT' ? `${m}.order, ${m}.id` : `${m}.name, ${m}.id`;
}
