/**
 * The graph model as the loader and the writers check it, derived from the labels' declarations
 * (src/model/labels/): every label, its id prefix, the properties it requires and the values its
 * enumerated properties take. The writers refuse anything that breaks these rules, because Neo4j
 * Community has no existence or type constraints. schema/README.md shows the same model, generated.
 */
import type { LabelDecl } from './define';
import { LABELS } from './labels';

export {
  isRelationshipType,
  RELATIONSHIP_SPECS,
  RELATIONSHIP_TYPES,
  type RelationshipSpec,
  type RelationshipType,
} from './relationships';

export type NodeLabel = (typeof LABELS)[number]['label'];

export const NODE_LABELS: readonly NodeLabel[] = LABELS.map((decl) => decl.label);

/** A table with one entry per label, in label order, from the label's declaration. */
export function byLabel<T>(entry: (decl: LabelDecl<NodeLabel>) => T): Record<NodeLabel, T> {
  // The one cast of the model: fromEntries cannot know that the keys are every label.
  return Object.fromEntries(LABELS.map((decl) => [decl.label, entry(decl)])) as Record<NodeLabel, T>;
}

/** Each label's declaration, by name. */
export const LABEL_DECLS = byLabel((decl) => decl);

/** The id prefix of each label, so an id alone says which label (and index) to look it up in. */
export const ID_PREFIX = byLabel((decl) => decl.idPrefix);

/** The label an id belongs to, from its prefix; undefined for an id no label uses. */
export function labelOfId(id: string): NodeLabel | undefined {
  const prefix = id.split(':')[0];
  return NODE_LABELS.find((label) => ID_PREFIX[label] === prefix);
}

/** Ids are `prefix:slug` in lower-case ASCII so they survive URLs, CSV and shells unchanged. */
export const ID_PATTERN = /^[a-z][a-z0-9-]*:[a-z0-9][a-z0-9._-]{0,120}$/;

/** Indicator dates: a year, a month or a day, as precise as the article is. */
export const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

export interface LabelSpec {
  description: string;
  /** Properties every node of the label must have, besides `id`. */
  required: readonly string[];
  /** Properties whose value must be one of a fixed list. */
  enums?: Record<string, readonly string[]>;
}

function labelSpec(decl: LabelDecl): LabelSpec {
  const properties = Object.entries(decl.properties);
  const required = properties.filter(([, p]) => p.required).map(([field]) => field);
  const enums = Object.fromEntries(
    properties.flatMap(([field, p]) => (p.values ? [[field, Object.keys(p.values)]] : [])),
  ) as Record<string, readonly string[]>;
  return {
    description: decl.description,
    // `name` (Chinese) is required everywhere, and every node but a Source names its sources.
    required: ['name', ...(decl.label === 'Source' ? [] : ['sources']), ...required],
    ...(Object.keys(enums).length > 0 ? { enums } : {}),
  };
}

export const NODE_SPECS = byLabel(labelSpec);

export const isNodeLabel = (value: unknown): value is NodeLabel =>
  typeof value === 'string' && (NODE_LABELS as readonly string[]).includes(value);
