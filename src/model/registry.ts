/**
 * The graph model: every label and relationship type the graph may hold, with the properties each
 * requires, the values its enumerated properties take, and the labels a relationship may join. The
 * loader refuses anything that breaks these rules, because Neo4j Community has no existence or type
 * constraints. schema/README.md documents the same model for readers; a test keeps the two in step.
 */

export const NODE_LABELS = [
  'Source',
  'Park',
  'ChainType',
  'ChainSegment',
  'IndustryChain',
  'Enterprise',
  'PartyOrganization',
  'GovernmentBody',
  'Institution',
  'Platform',
  'PioneerTeam',
  'Project',
  'Outcome',
  'Demand',
  'Indicator',
] as const;

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

export type NodeLabel = (typeof NODE_LABELS)[number];
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

/** The id prefix of each label, so an id alone says which label (and index) to look it up in. */
export const ID_PREFIX: Record<NodeLabel, string> = {
  Source: 'source',
  Park: 'park',
  ChainType: 'chaintype',
  ChainSegment: 'seg',
  IndustryChain: 'chain',
  Enterprise: 'ent',
  PartyOrganization: 'org',
  GovernmentBody: 'gov',
  Institution: 'inst',
  Platform: 'platform',
  PioneerTeam: 'team',
  Project: 'project',
  Outcome: 'outcome',
  Demand: 'demand',
  Indicator: 'ind',
};

/** The label an id belongs to, from its prefix; undefined for an id no label uses. */
export function labelOfId(id: string): NodeLabel | undefined {
  const prefix = id.split(':')[0];
  return (Object.keys(ID_PREFIX) as NodeLabel[]).find((label) => ID_PREFIX[label] === prefix);
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

export interface RelationshipSpec {
  description: string;
  from: readonly NodeLabel[];
  to: readonly NodeLabel[];
  required?: readonly string[];
  enums?: Record<string, readonly string[]>;
}

/** Every node but a Source names its sources; `name` (Chinese) is required everywhere. */
const NAMED = ['name', 'sources'] as const;

export const NODE_SPECS: Record<NodeLabel, LabelSpec> = {
  Source: {
    description:
      'A source article: one story of a seed file, with its title and author, or the curation note.',
    required: ['name', 'file', 'author', 'kind'],
    enums: { kind: ['ARTICLE', 'CURATION', 'SYNTHETIC'] },
  },
  Park: {
    description: 'A high-tech zone (kind ZONE) or a park inside one (kind PARK, PART_OF its zone).',
    required: [...NAMED, 'kind'],
    enums: { kind: ['ZONE', 'PARK'], level: ['NATIONAL', 'PROVINCIAL'] },
  },
  ChainType: {
    description: 'A kind of industry chain with its ordered segments: the "map" of 一链一图谱.',
    required: NAMED,
  },
  ChainSegment: {
    description: 'One segment (环节) of a chain type, at a stage, in flow order; FEEDS links it downstream.',
    required: [...NAMED, 'stage', 'order'],
    enums: { stage: ['UPSTREAM', 'MIDSTREAM', 'DOWNSTREAM'] },
  },
  IndustryChain: {
    description: 'A chain as one zone organises it, OF_TYPE a chain type.',
    required: NAMED,
  },
  Enterprise: {
    description:
      'A company, with its flags: 高新技术企业 (highTech), 专精特新 (specialized, with its level).',
    required: NAMED,
    enums: {
      specializedLevel: ['NATIONAL', 'PROVINCIAL', 'MUNICIPAL'],
      kind: ['COMPANY', 'INVESTOR', 'BANK', 'SOCIAL_ORGANIZATION'],
    },
  },
  PartyOrganization: {
    description: 'A Party organisation; REPORTS_TO forms the hierarchy, a JOINT_COMMITTEE GOVERNS one chain.',
    required: [...NAMED, 'kind'],
    enums: {
      kind: ['WORKING_COMMITTEE', 'COMMITTEE', 'JOINT_COMMITTEE', 'GENERAL_BRANCH', 'BRANCH', 'GROUP'],
    },
  },
  GovernmentBody: {
    description: 'A government department, office or public unit; may be a chain leader (链长).',
    required: NAMED,
  },
  Institution: {
    description: 'A university, college, laboratory, research institute or technology-transfer centre.',
    required: [...NAMED, 'kind'],
    enums: { kind: ['UNIVERSITY', 'COLLEGE', 'LAB', 'INSTITUTE', 'TRANSFER_CENTER', 'SOCIAL_ORGANIZATION'] },
  },
  Platform: {
    description:
      'A service centre, alliance, service platform or innovation carrier that zones run for firms.',
    required: [...NAMED, 'kind'],
    enums: { kind: ['SERVICE_CENTER', 'ALLIANCE', 'PLATFORM', 'CARRIER', 'TASK_FORCE', 'SCHOOL'] },
  },
  PioneerTeam: {
    description: 'A Party-member pioneer team, task group or service team (党员先锋队, 攻坚组, 红领企服队).',
    required: [...NAMED, 'kind'],
    enums: { kind: ['TECHNOLOGY', 'INDUSTRY_EDUCATION', 'SUPPLY_DEMAND', 'SERVICE', 'TASK', 'INVESTMENT'] },
  },
  Project: {
    description: 'An investment or construction project, with its status and amount in yuan.',
    required: [...NAMED, 'status'],
    enums: { status: ['SIGNED', 'BUILDING', 'PRODUCING', 'PLANNED'] },
  },
  Outcome: {
    description: 'A research outcome or technology, on the innovation chain from institutions to firms.',
    required: NAMED,
  },
  Demand: {
    description: 'An enterprise request on the closed-loop list: 发现 → 交办 → 整改 → 销号 → 复核.',
    required: [...NAMED, 'category', 'state'],
    enums: {
      category: ['FINANCING', 'LABOUR', 'MARKET', 'LAND', 'TECHNOLOGY', 'APPROVAL', 'OTHER'],
      state: ['FOUND', 'ASSIGNED', 'RECTIFYING', 'CLOSED', 'REVIEWED'],
    },
  },
  Indicator: {
    description: 'A figure an article reports about a subject (MEASURES), with metric, value, unit and date.',
    required: [...NAMED, 'metric', 'value', 'unit', 'date'],
    enums: { approx: ['EXACT', 'AT_LEAST', 'ABOUT', 'MORE_THAN', 'LESS_THAN'] },
  },
};

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
    from: NODE_LABELS.filter((l) => l !== 'Source'),
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
    to: NODE_LABELS.filter((l) => l !== 'Indicator' && l !== 'Source'),
  },
};

export const isNodeLabel = (value: unknown): value is NodeLabel =>
  typeof value === 'string' && (NODE_LABELS as readonly string[]).includes(value);

export const isRelationshipType = (value: unknown): value is RelationshipType =>
  typeof value === 'string' && (RELATIONSHIP_TYPES as readonly string[]).includes(value);
