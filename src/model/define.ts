/**
 * The shape of a label's one declaration (src/model/labels/), and the helpers that keep declarations
 * short. Everything else about a label (the registry, the read API's field table, the GraphQL types,
 * filters, write inputs, enums, property rules, the model's doc tables) is derived from it.
 */
import type { RelationshipType } from './relationships';

export type ScalarKind = 'String' | 'Int' | 'Float' | 'Boolean' | 'StringList';

/** The list filters a label may offer; read/filters.ts gives each its input rules and its Cypher. */
export const FILTER_NAMES = [
  'ids',
  'nameContains',
  'kind',
  'stage',
  'status',
  'metric',
  'highTech',
  'specialized',
  'zone',
  'park',
  'chain',
  'segment',
  'chainType',
  'subject',
] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

/** Relationship properties exposed on a link object, for the relationships where they matter. */
export const EDGES = {
  SupplyLink: {
    description: 'A supply relationship: the other enterprise and what it supplies.',
    fields: { product: 'The product supplied, as the source states it.' },
  },
  TalentLink: {
    description: 'A talent-chain link: who is trained or placed, how many, through which programme.',
    fields: {
      programme: 'The programme (双导师制, 车间课堂, ...).',
      count: 'How many people, where the source gives a number.',
      unit: 'The unit of the count.',
    },
  },
  FillLink: {
    description: 'A project filling (补链) or strengthening (强链) a chain segment.',
    fields: { mode: 'How the project acts on the segment, when the source says.' },
  },
} as const;
export type EdgeName = keyof typeof EDGES;

/** One property of a label: its type, its limits, and what it means. */
export interface PropertyDecl {
  kind: ScalarKind;
  description: string;
  /** Every node of the label must have it (Neo4j Community cannot enforce this, the writers do). */
  required?: boolean;
  /** The only values allowed, each with its meaning; the property becomes a GraphQL enum. */
  values?: Readonly<Record<string, string>>;
  /** The least number allowed. */
  min?: number;
  /** A partial ISO date (YYYY, YYYY-MM or YYYY-MM-DD) that exists in the calendar. */
  date?: boolean;
}

/** One relationship field of a label's GraphQL type. */
export interface RelationDecl {
  type: RelationshipType;
  direction: 'OUT' | 'IN' | 'BOTH';
  /** The label at the other end, or Node when it may be several; checked against the labels at start. */
  target: string;
  many: boolean;
  description: string;
  /** Exposes the relationship's properties through a link object instead of the bare node. */
  edge?: EdgeName;
  /**
   * Reads on to the zone: the Park of kind ZONE the node is LOCATED_IN, itself or through a park that is
   * PART_OF it (a zone has no zone, so `parks[0].zone` misses a node located in the zone directly).
   */
  viaZone?: true;
}

/** A Boolean field that says whether a relationship field has any node: the sources name one or not. */
export interface NamedDecl {
  /** The relationship field of the same label it tests. */
  relation: string;
  description: string;
}

/** A label, declared once. */
export interface LabelDecl<L extends string = string> {
  label: L;
  /** Ids of the label are `prefix:slug`, so an id alone says which label (and index) it is in. */
  idPrefix: string;
  description: string;
  /** The label's own properties; name, nameEn, note and the provenance fields are common to all. */
  properties: Readonly<Record<string, PropertyDecl>>;
  relations: Readonly<Record<string, RelationDecl>>;
  /** Booleans over relationship fields, so a client can tell "none named" without reading a list. */
  named?: Readonly<Record<string, NamedDecl>>;
  /** The filters of the label's list query, besides ids and nameContains, which every list has. */
  filters: readonly FilterName[];
}

/** Declares a label; the identity, typed so the label's name stays a literal type. */
export const defineLabel = <const L extends string>(decl: LabelDecl<L>): LabelDecl<L> => decl;

type PropertyOptions = Omit<PropertyDecl, 'kind' | 'description'>;
const property =
  (kind: ScalarKind) =>
  (description: string, options: PropertyOptions = {}): PropertyDecl => ({ kind, description, ...options });

/** Property helpers, by kind: `text('The city.')`, `int('Position.', { required: true, min: 0 })`. */
export const text = property('String');
export const int = property('Int');
export const float = property('Float');
export const flag = property('Boolean');
export const textList = property('StringList');

/** An enumerated text property: its values and their meanings, in the order clients see them. */
export const oneOf = (
  description: string,
  values: Readonly<Record<string, string>>,
  options: Omit<PropertyOptions, 'values'> = {},
): PropertyDecl => ({ kind: 'String', description, values, ...options });

type Ends = [type: RelationshipType, target: string, many: boolean, description: string, edge?: EdgeName];
const relation =
  (direction: RelationDecl['direction']) =>
  (...[type, target, many, description, edge]: Ends): RelationDecl =>
    edge
      ? { type, direction, target, many, description, edge }
      : { type, direction, target, many, description };

/** A relationship field read outwards, inwards, or either way. */
export const out = relation('OUT');
export const inn = relation('IN');
export const both = relation('BOTH');

/** The zone (Park of kind ZONE) a located node lies in, directly or in one of the zone's parks. */
export const zoneOfLocated = (description: string): RelationDecl => ({
  type: 'LOCATED_IN',
  direction: 'OUT',
  target: 'Park',
  many: false,
  description,
  viaZone: true,
});

/** The figures (Indicators) reported about a node: the same field on every label that has one. */
export const INDICATORS = inn('MEASURES', 'Indicator', true, 'Figures the articles report about this.');

/** The description of a `kind` whose values the label's enum lists. */
export const KIND = 'The kind, one of the values the model lists for this label.';
