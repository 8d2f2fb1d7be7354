/**
 * The labels and relationship types the graph may hold, with each label's key. The loader refuses
 * anything not listed here, and cypher/schema has a uniqueness constraint for every key (a test checks
 * the two agree). Issue 3 documents the model in full; this is the vocabulary of domain.md.
 */
export const NODE_LABELS = [
  'Park',
  'ChainType',
  'ChainSegment',
  'IndustryChain',
  'Enterprise',
  'PartyOrganization',
  'GovernmentBody',
  'Institution',
  'PioneerTeam',
  'Project',
  'Demand',
  'Indicator',
  'Source',
] as const;

export const RELATIONSHIP_TYPES = [
  'PART_OF',
  'HAS_CHAIN',
  'OF_TYPE',
  'HAS_SEGMENT',
  'FEEDS',
  'LOCATED_IN',
  'OPERATES_IN',
  'SUPPLIES',
  'CHAIN_MASTER_OF',
  'LEADS',
  'GOVERNS',
  'MEMBER_OF',
  'BELONGS_TO',
  'REPORTS_TO',
  'PAIRED_WITH',
  'PARTNERS_WITH',
  'TRAINS_FOR',
  'TRANSFERS_TO',
  'FILLS',
  'RAISED_BY',
  'ASSIGNED_TO',
  'CITES',
] as const;

export type NodeLabel = (typeof NODE_LABELS)[number];
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

/** Every label is keyed by `id`: a stable, human-readable string such as `park:baiyin-htz`. */
export const NODE_KEY = 'id';

/** Ids are lower-case ASCII so they survive URLs, CSV and shells unchanged. */
export const ID_PATTERN = /^[a-z][a-z0-9-]*:[a-z0-9][a-z0-9._-]{0,120}$/;

export const isNodeLabel = (value: unknown): value is NodeLabel =>
  typeof value === 'string' && (NODE_LABELS as readonly string[]).includes(value);

export const isRelationshipType = (value: unknown): value is RelationshipType =>
  typeof value === 'string' && (RELATIONSHIP_TYPES as readonly string[]).includes(value);
