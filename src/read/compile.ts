/**
 * The query compiler: turns the selection set under a root field into one Cypher projection, so a root
 * field and everything nested under it cost one statement, whatever the depth (no N+1). Nested lists
 * become COLLECT subqueries inside a map projection; every value a client sends becomes a parameter.
 * Labels, relationship types and property names come only from the declarations in spec.ts.
 */
import {
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { NODE_LABELS, type NodeLabel } from '../model/registry';
import { COMMON_SCALARS, EDGES, ENTITIES, type RelationSpec } from '../model/spec';
import { orderFor, relationPattern } from './relation-pattern';

/** Largest list a nested relationship field returns; the root connections page explicitly. */
export const NESTED_LIST_LIMIT = 500;

/** The key every projected node carries so the Node interface can resolve its concrete type. */
export const TYPE_KEY = '__label';

/** Accumulates parameters and fresh variable names while a statement is built. */
export class CypherBuilder {
  readonly params: Record<string, unknown> = {};
  private counter = 0;

  /** Registers a value as a parameter and returns its placeholder. */
  param(value: unknown): string {
    const key = `p${this.counter++}`;
    this.params[key] = value;
    return `$${key}`;
  }

  variable(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }
}

type Fragments = Record<string, FragmentDefinitionNode>;

/**
 * The key a field's value has in a projected map: the field name, or `alias:name` for an aliased field.
 * Keying by alias alone is not enough: the compiler merges the selections of several paths into one
 * projection (a list's `nodes` and `edges.node`, a traversal's aliased `node`s), and GraphQL lets one
 * alias name different fields on different paths. Relationship fields take no arguments, so alias and
 * field name together say what the value is, and merging two selections under one key is always right.
 * A map keyed by field names (a connection, a traversal step) never holds an `alias:name` key, so the
 * field resolver can try this key first and fall back to the field name.
 */
export const projectionKey = (alias: string | undefined, name: string): string =>
  alias === undefined || alias === name ? name : `${alias}:${name}`;

const keyOf = (field: FieldNode): string => projectionKey(field.alias?.value, field.name.value);

/**
 * Stands for "the object type of this field, whatever its name": under a field whose type is an object
 * type (a connection's `edges`, a link object, an analysis row) every fragment a valid operation
 * spreads applies, since its condition can only be that type or an interface of it.
 */
export const ANY_OBJECT_TYPE = '*';

/**
 * The fields selected on an object of the given type: plain fields, fields of fragments spread here and
 * of inline fragments whose condition is this type or the Node interface (any condition, for
 * ANY_OBJECT_TYPE).
 */
export function selectedFields(
  set: SelectionSetNode | undefined,
  typeName: string,
  fragments: Fragments,
): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (selections: SelectionSetNode['selections']): void => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition?.name.value;
        if (on === undefined || on === typeName || on === 'Node' || typeName === ANY_OBJECT_TYPE)
          visit(selection.selectionSet.selections);
      } else {
        const fragment = fragments[selection.name.value];
        const on = fragment?.typeCondition.name.value;
        if (fragment && (on === typeName || on === 'Node' || typeName === ANY_OBJECT_TYPE))
          visit(fragment.selectionSet.selections);
      }
    }
  };
  if (set) visit(set.selections);
  // GraphQL merges fields with one response key (from fragments, or from `nodes` and `edges.node`):
  // so does the projection, by projection key, or the map would hold one key twice.
  const merged = new Map<string, FieldNode>();
  for (const field of fields) {
    const seen = merged.get(keyOf(field));
    if (!seen) merged.set(keyOf(field), field);
    else if (seen.selectionSet && field.selectionSet) {
      merged.set(keyOf(field), {
        ...seen,
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [...seen.selectionSet.selections, ...field.selectionSet.selections],
        },
      });
    }
  }
  return [...merged.values()];
}

/** The concrete types a selection on the Node interface asks about through fragments. */
function fragmentTypes(set: SelectionSetNode | undefined, fragments: Fragments): Set<NodeLabel> {
  const types = new Set<NodeLabel>();
  const visit = (selections: SelectionSetNode['selections']): void => {
    for (const selection of selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition?.name.value;
        if (on && (NODE_LABELS as readonly string[]).includes(on)) types.add(on as NodeLabel);
        visit(selection.selectionSet.selections);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        const on = fragment?.typeCondition.name.value;
        if (on && (NODE_LABELS as readonly string[]).includes(on)) types.add(on as NodeLabel);
        if (fragment) visit(fragment.selectionSet.selections);
      }
    }
  };
  if (set) visit(set.selections);
  return types;
}

/** GraphQL names are letters, digits and underscores, so `alias:name` is safe quoted as a map key. */
const key = (name: string): string => `\`${name}\``;

/**
 * A map projection of node variable `v`, which has type `typeName` (a label, or Node), for the fields
 * selected on it.
 */
export function projectNode(
  b: CypherBuilder,
  v: string,
  typeName: NodeLabel | 'Node',
  set: SelectionSetNode | undefined,
  fragments: Fragments,
): string {
  if (typeName === 'Node') {
    const specific = [...fragmentTypes(set, fragments)];
    const base = projectEntity(b, v, null, set, fragments);
    if (specific.length === 0) return base;
    const branches = specific.map(
      (label) => `WHEN ${v}:${label} THEN ${projectEntity(b, v, label, set, fragments)}`,
    );
    return `CASE ${branches.join(' ')} ELSE ${base} END`;
  }
  return projectEntity(b, v, typeName, set, fragments);
}

function projectEntity(
  b: CypherBuilder,
  v: string,
  label: NodeLabel | null,
  set: SelectionSetNode | undefined,
  fragments: Fragments,
): string {
  const typeName = label ?? 'Node';
  const entries = [
    label
      ? `${TYPE_KEY}: ${b.param(label)}`
      : `${TYPE_KEY}: head([l IN labels(${v}) WHERE l IN ${b.param(NODE_LABELS)}])`,
  ];
  const spec = label ? ENTITIES[label] : undefined;
  for (const field of selectedFields(set, typeName, fragments)) {
    const name = field.name.value;
    const as = key(keyOf(field));
    if (name === '__typename') continue;
    if (name === 'id') entries.push(`${as}: ${v}.id`);
    else if (name === 'sources') {
      const s = b.variable('s');
      const inner = projectEntity(b, s, 'Source', field.selectionSet, fragments);
      entries.push(
        `${as}: COLLECT { MATCH (${v})-[:CITES]->(${s}:Source) WITH ${s} ORDER BY ${s}.id RETURN ${inner} }`,
      );
    } else if (name in COMMON_SCALARS) entries.push(`${as}: ${v}.${name}`);
    else if (spec && name in spec.scalars)
      entries.push(`${as}: ${v}.${spec.scalars[name]?.property ?? name}`);
    else if (spec && name in spec.relations) {
      entries.push(`${as}: ${projectRelation(b, v, spec.relations[name], field, fragments)}`);
    } else {
      const named = spec?.named[name];
      if (named) {
        const pattern = relationPattern(v, b.variable('m'), b.variable('r'), named.relation);
        entries.push(`${as}: EXISTS { MATCH ${pattern} }`);
      }
    }
  }
  return `${v} {${entries.join(', ')}}`;
}

function projectRelation(
  b: CypherBuilder,
  v: string,
  spec: RelationSpec,
  field: FieldNode,
  fragments: Fragments,
): string {
  const m = b.variable('m');
  const r = b.variable('r');
  let value: string;
  if (spec.edge) {
    const entries = [];
    // The link type's GraphQL name depends on the target (FillLinkToProject), so match any condition.
    for (const sub of selectedFields(field.selectionSet, ANY_OBJECT_TYPE, fragments)) {
      const name = sub.name.value;
      const as = key(keyOf(sub));
      if (name === 'node')
        entries.push(`${as}: ${projectNode(b, m, spec.target, sub.selectionSet, fragments)}`);
      else if (name === 'sources') entries.push(`${as}: ${r}.sources`);
      else if (name === 'basis' || name === 'note' || name in EDGES[spec.edge].fields)
        entries.push(`${as}: ${r}.${name}`);
    }
    value = `{${entries.join(', ')}}`;
  } else {
    value = projectNode(b, m, spec.target, field.selectionSet, fragments);
  }
  const limit = spec.many ? NESTED_LIST_LIMIT : 1;
  // Sort and cut before projecting: with ORDER BY after a projecting RETURN, Neo4j 5.26 can lose the
  // order of a COLLECT nested in another (seen on chain maps).
  const collect = `COLLECT { MATCH ${relationPattern(v, m, r, spec)} WITH ${m}, ${r} ORDER BY ${orderFor(m, spec)} LIMIT ${limit} RETURN ${value} }`;
  return spec.many ? collect : `head(${collect})`;
}

/** What a statement projects: the selection set of a field and the operation's fragments. */
export interface Selection {
  set: SelectionSetNode | undefined;
  fragments: Fragments;
}

/** The selection set and fragments of the field a resolver runs for. */
export function selectionOf(info: GraphQLResolveInfo): Selection {
  return { set: info.fieldNodes[0]?.selectionSet, fragments: info.fragments };
}

/**
 * The sub-selection of a named field inside a selection (e.g. `node` inside `edges`); `typeName` is the
 * type of the selection, every field of the path but the last must be of an object type.
 */
export function subSelection(
  set: SelectionSetNode | undefined,
  typeName: string,
  path: string[],
  fragments: Fragments,
): SelectionSetNode[] {
  let sets: (SelectionSetNode | undefined)[] = [set];
  for (const [depth, name] of path.entries()) {
    // Below the first level the parent is the object type of the previous field (an edge, a row).
    const parent = depth === 0 ? typeName : ANY_OBJECT_TYPE;
    sets = sets.flatMap((s) =>
      selectedFields(s, parent, fragments)
        .filter((f) => f.name.value === name)
        .map((f) => f.selectionSet),
    );
  }
  return sets.filter((s): s is SelectionSetNode => s !== undefined);
}

/** Merges several selection sets into one (a field asked for under `nodes` and under `edges.node`). */
export function mergeSets(sets: SelectionSetNode[]): SelectionSetNode | undefined {
  if (sets.length === 0) return undefined;
  return { kind: Kind.SELECTION_SET, selections: sets.flatMap((s) => s.selections) };
}

/** The merged selection under a path of fields (`subSelection` then `mergeSets`), for a statement's parts. */
export const selectionUnder = (
  { set, fragments }: Selection,
  typeName: string,
  path: string[],
): Selection => ({ set: mergeSets(subSelection(set, typeName, path, fragments)), fragments });

/** True when a field of that name is selected directly under the set. */
export function isSelected(
  set: SelectionSetNode | undefined,
  typeName: string,
  name: string,
  fragments: Fragments,
): boolean {
  return selectedFields(set, typeName, fragments).some((f) => f.name.value === name);
}

/** `projectNode` over a Selection: the map projection of node variable `v` for the fields selected. */
export const projectSelected = (
  b: CypherBuilder,
  v: string,
  typeName: NodeLabel | 'Node',
  { set, fragments }: Selection,
): string => projectNode(b, v, typeName, set, fragments);
