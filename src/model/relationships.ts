/**
 * Every relationship type the graph may hold, with the labels it may join and what it means. The
 * labels' relationship fields (src/model/labels/) name these types; a unit test checks that each field
 * reads a type between labels this table allows.
 */
import { LABELS } from './labels';
import type { NodeLabel } from './registry';

export const RELATIONSHIP_TYPES = [
  'CITES',
  'PART_OF',
  'HAS_CHAIN',
  'OF_TYPE',
  'HAS_SEGMENT',
  'FEEDS',
  'LOCATED_IN',
  'IN_CHAIN',
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
  'DEVELOPED',
  'TRANSFERS_TO',
  'APPLIES_TO',
  'INVESTS_IN',
  'FILLS',
  'ORGANISED_BY',
  'SERVES',
  'RAISED_BY',
  'ASSIGNED_TO',
  'MEASURES',
] as const;

export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

export interface RelationshipSpec {
  description: string;
  from: readonly NodeLabel[];
  to: readonly NodeLabel[];
  required?: readonly string[];
  enums?: Record<string, readonly string[]>;
}

const ALL: readonly NodeLabel[] = LABELS.map((decl) => decl.label);

const ANY_ORG: readonly NodeLabel[] = [
  'Park',
  'Enterprise',
  'PartyOrganization',
  'GovernmentBody',
  'Institution',
  'Platform',
];

export const RELATIONSHIP_SPECS: Record<RelationshipType, RelationshipSpec> = {
  CITES: {
    description: "A node names the article it comes from. Written by the loader from each node's `sources`.",
    from: ALL.filter((l) => l !== 'Source'),
    to: ['Source'],
  },
  PART_OF: {
    description: 'A park lies in a zone; a college belongs to its university; a subsidiary to its parent.',
    from: ['Park', 'Institution', 'Platform', 'Enterprise'],
    to: ['Park', 'Institution', 'Platform', 'Enterprise'],
  },
  HAS_CHAIN: { description: 'A zone organises an industry chain.', from: ['Park'], to: ['IndustryChain'] },
  OF_TYPE: {
    description: 'An industry chain is of a chain type.',
    from: ['IndustryChain'],
    to: ['ChainType'],
  },
  HAS_SEGMENT: { description: 'A chain type has a segment.', from: ['ChainType'], to: ['ChainSegment'] },
  FEEDS: {
    description: 'Segment flow, upstream to downstream. Never forms a cycle.',
    from: ['ChainSegment'],
    to: ['ChainSegment'],
  },
  LOCATED_IN: {
    description: 'An enterprise, project, institution, platform or organisation is in a zone or park.',
    from: ['Enterprise', 'Project', 'Institution', 'Platform', 'PartyOrganization', 'GovernmentBody'],
    to: ['Park'],
  },
  IN_CHAIN: {
    description: "An enterprise or project is on a zone's industry chain (链上企业, 产业链重点项目).",
    from: ['Enterprise', 'Project'],
    to: ['IndustryChain'],
  },
  OPERATES_IN: {
    description: 'An enterprise works in a chain segment, as the article says.',
    from: ['Enterprise'],
    to: ['ChainSegment'],
  },
  SUPPLIES: {
    description: 'An enterprise supplies another, with the product.',
    from: ['Enterprise'],
    to: ['Enterprise'],
  },
  CHAIN_MASTER_OF: {
    description: 'An enterprise is chain-master (链主) of a chain.',
    from: ['Enterprise'],
    to: ['IndustryChain'],
  },
  LEADS: {
    description: 'A government body is chain leader (链长) of a chain, or leads a Party organisation.',
    from: ['GovernmentBody'],
    to: ['IndustryChain', 'PartyOrganization'],
  },
  GOVERNS: {
    description: 'A joint committee governs a chain: one chain, one Party committee (at most one each).',
    from: ['PartyOrganization'],
    to: ['IndustryChain'],
  },
  MEMBER_OF: {
    description: 'An organisation or enterprise is a member of a committee, alliance or platform.',
    from: ['PartyOrganization', 'Enterprise', 'Institution', 'GovernmentBody', 'Platform'],
    to: ['PartyOrganization', 'Platform'],
  },
  BELONGS_TO: {
    description: 'A Party organisation is the one of an enterprise, body, institution or platform.',
    from: ['PartyOrganization'],
    to: ['Enterprise', 'GovernmentBody', 'Institution', 'Platform', 'Park'],
  },
  REPORTS_TO: {
    description: 'The Party hierarchy: branch → general branch → committee → working committee. No cycles.',
    from: ['PartyOrganization'],
    to: ['PartyOrganization'],
  },
  PAIRED_WITH: { description: 'Pairing and co-building (结对共建, 联建).', from: ANY_ORG, to: ANY_ORG },
  PARTNERS_WITH: {
    description: 'An institution or platform co-builds with a zone, chain, organisation or enterprise.',
    from: ['Institution', 'Platform', 'Enterprise'],
    to: ['Park', 'IndustryChain', 'PartyOrganization', 'Enterprise', 'Institution', 'Platform'],
  },
  TRAINS_FOR: {
    description: 'Talent chain: an institution trains or places people for an enterprise or chain.',
    from: ['Institution', 'Platform'],
    to: ['Enterprise', 'IndustryChain', 'Park'],
  },
  DEVELOPED: {
    description: 'An institution or enterprise developed an outcome.',
    from: ['Institution', 'Enterprise', 'Platform'],
    to: ['Outcome'],
  },
  TRANSFERS_TO: {
    description: 'Innovation chain: an outcome is transferred to an enterprise.',
    from: ['Outcome'],
    to: ['Enterprise'],
  },
  APPLIES_TO: {
    description: 'An outcome serves a chain segment or chain.',
    from: ['Outcome'],
    to: ['ChainSegment', 'IndustryChain'],
  },
  INVESTS_IN: {
    description: 'An enterprise signs, invests in or runs a project.',
    from: ['Enterprise', 'Park', 'GovernmentBody'],
    to: ['Project'],
  },
  FILLS: {
    description: 'A project fills or strengthens a chain segment (补链 / 强链).',
    from: ['Project'],
    to: ['ChainSegment'],
  },
  ORGANISED_BY: {
    description: 'A pioneer team or platform is set up by an organisation, zone or enterprise.',
    from: ['PioneerTeam', 'Platform'],
    to: ['PartyOrganization', 'Park', 'Enterprise', 'GovernmentBody', 'Institution', 'Platform'],
  },
  SERVES: {
    description: 'A pioneer team or platform serves a chain, zone, enterprise or project.',
    from: ['PioneerTeam', 'Platform'],
    to: ['IndustryChain', 'Park', 'Enterprise', 'Project'],
  },
  RAISED_BY: { description: 'A demand was raised by an enterprise.', from: ['Demand'], to: ['Enterprise'] },
  ASSIGNED_TO: {
    description: 'A demand is assigned to a body, team or platform.',
    from: ['Demand'],
    to: ['GovernmentBody', 'PioneerTeam', 'Platform', 'PartyOrganization'],
  },
  MEASURES: {
    description: 'An indicator is a figure about its subject.',
    from: ['Indicator'],
    to: ALL.filter((l) => l !== 'Indicator' && l !== 'Source'),
  },
};

export const isRelationshipType = (value: unknown): value is RelationshipType =>
  typeof value === 'string' && (RELATIONSHIP_TYPES as readonly string[]).includes(value);
