/**
 * The read API's shape, derived from the labels' declarations (src/model/labels/): for each label, the
 * GraphQL object type's scalar fields (which property they read) and relationship fields (which
 * relationship, which way, to what). The GraphQL types are built from this, and so is the Cypher: the
 * compiler turns a selection set into one statement by walking the same table, so the schema and the
 * queries cannot drift apart.
 */
import { text, type LabelDecl, type RelationDecl, type ScalarKind } from './define';
import { byLabel, isNodeLabel, type NodeLabel } from './registry';

export { EDGES, type EdgeName, type ScalarKind } from './define';

export interface ScalarSpec {
  kind: ScalarKind;
  description: string;
  /** The node property, when it differs from the field name. */
  property?: string;
}

export interface RelationSpec extends Omit<RelationDecl, 'target'> {
  /** The label at the other end, or Node when it may be several. */
  target: NodeLabel | 'Node';
}

/** A Boolean field true when the relationship field it names has at least one node. */
export interface NamedSpec {
  relation: RelationSpec;
  description: string;
}

export interface EntitySpec {
  description: string;
  scalars: Record<string, ScalarSpec>;
  relations: Record<string, RelationSpec>;
  named: Record<string, NamedSpec>;
}

/** A relationship field with its target checked, so a misspelt label fails at start, not at a query. */
function relationSpec(label: string, field: string, decl: RelationDecl): RelationSpec {
  const { target } = decl;
  if (target !== 'Node' && !isNodeLabel(target))
    throw new Error(`model/labels: ${label}.${field} targets ${target}, which is not a label`);
  return { ...decl, target };
}

function namedSpec(decl: LabelDecl, field: string, relation: string, description: string): NamedSpec {
  const r = decl.relations[relation];
  if (!r) throw new Error(`model/labels: ${decl.label}.${field} names ${relation}, which is not a relation`);
  return { relation: relationSpec(decl.label, relation, r), description };
}

function entitySpec(decl: LabelDecl): EntitySpec {
  return {
    description: decl.description,
    scalars: Object.fromEntries(
      Object.entries(decl.properties).map(([field, p]) => [
        field,
        { kind: p.kind, description: p.description },
      ]),
    ),
    relations: Object.fromEntries(
      Object.entries(decl.relations).map(([field, r]) => [field, relationSpec(decl.label, field, r)]),
    ),
    named: Object.fromEntries(
      Object.entries(decl.named ?? {}).map(([field, n]) => [
        field,
        namedSpec(decl, field, n.relation, n.description),
      ]),
    ),
  };
}

export const ENTITIES = byLabel(entitySpec);

/** Fields every entity has. */
export const COMMON_SCALARS: Record<string, ScalarSpec> = {
  name: text('The name, in Chinese, as the source writes it.'),
  nameEn: text('An English name, where one helps.'),
  note: text('A curator’s note: how a fact was read from its source.'),
  updatedAt: text('When it was last written through the API (ISO date-time); null for curated data.'),
  updatedBy: text('The role of the key that last wrote it through the API.'),
};
