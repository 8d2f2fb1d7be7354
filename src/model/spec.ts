/**
 * The read API's shape, declared once: for each label, the GraphQL object type's scalar fields (which
 * property they read) and relationship fields (which relationship, which way, to what). The GraphQL
 * types are built from this, and so is the Cypher: the compiler turns a selection set into one
 * statement by walking the same declarations, so the schema and the queries cannot drift apart.
 */
import { type NodeLabel, type RelationshipType } from './registry';

export type ScalarKind = 'String' | 'Int' | 'Float' | 'Boolean' | 'StringList';

export interface ScalarSpec {
  kind: ScalarKind;
  description: string;
  /** The node property, when it differs from the field name. */
  property?: string;
}

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

export interface RelationSpec {
  type: RelationshipType;
  direction: 'OUT' | 'IN' | 'BOTH';
  /** The label at the other end, or Node when it may be several. */
  target: NodeLabel | 'Node';
  many: boolean;
  description: string;
  /** Exposes the relationship's properties through a link object instead of the bare node. */
  edge?: EdgeName;
}

export interface EntitySpec {
  description: string;
  scalars: Record<string, ScalarSpec>;
  relations: Record<string, RelationSpec>;
}

const s = (kind: ScalarKind, description: string, property?: string): ScalarSpec =>
  property ? { kind, description, property } : { kind, description };
const out = (
  type: RelationshipType,
  target: RelationSpec['target'],
  many: boolean,
  description: string,
  edge?: EdgeName,
): RelationSpec =>
  edge
    ? { type, direction: 'OUT', target, many, description, edge }
    : { type, direction: 'OUT', target, many, description };
const inn = (
  type: RelationshipType,
  target: RelationSpec['target'],
  many: boolean,
  description: string,
  edge?: EdgeName,
): RelationSpec =>
  edge
    ? { type, direction: 'IN', target, many, description, edge }
    : { type, direction: 'IN', target, many, description };

const KIND = s('String', 'The kind, one of the values the model lists for this label.');
const INDICATORS = inn('MEASURES', 'Indicator', true, 'Figures the articles report about this.');

export const ENTITIES: Record<NodeLabel, EntitySpec> = {
  Source: {
    description: 'A source article: one story of a seed file, or the curation note of the chain maps.',
    scalars: {
      file: s('String', 'The seed file the story is in.'),
      author: s('String', 'The author, as the article names them.'),
      kind: s('String', 'ARTICLE or CURATION.'),
      year: s('Int', 'The year the story reports on.'),
    },
    relations: {},
  },
  Park: {
    description: 'A high-tech zone (kind ZONE) or a park inside one (kind PARK).',
    scalars: {
      kind: s('String', 'ZONE or PARK.'),
      level: s('String', 'NATIONAL or PROVINCIAL, for zones.'),
      city: s('String', 'The city.'),
      province: s('String', 'The province.'),
      aliases: s('StringList', 'Other names the articles use.'),
    },
    relations: {
      zone: out('PART_OF', 'Park', false, 'The zone this park lies in.'),
      parks: inn('PART_OF', 'Park', true, 'The parks inside this zone.'),
      chains: out('HAS_CHAIN', 'IndustryChain', true, 'The industry chains this zone organises.'),
      enterprises: inn('LOCATED_IN', 'Enterprise', true, 'Enterprises located here.'),
      projects: inn('LOCATED_IN', 'Project', true, 'Projects located here.'),
      institutions: inn('LOCATED_IN', 'Institution', true, 'Institutions located here.'),
      partners: inn(
        'PARTNERS_WITH',
        'Node',
        true,
        'Institutions and others that co-build with this zone or park.',
      ),
      partyOrganizations: inn('BELONGS_TO', 'PartyOrganization', true, "The zone's own Party organisations."),
      indicators: INDICATORS,
    },
  },
  ChainType: {
    description: 'A kind of chain and its map: segments in flow order.',
    scalars: {},
    relations: {
      segments: out('HAS_SEGMENT', 'ChainSegment', true, 'The segments, upstream first.'),
      chains: inn('OF_TYPE', 'IndustryChain', true, 'The zones’ chains of this type.'),
    },
  },
  ChainSegment: {
    description: 'One segment of a chain map, with its stage and order.',
    scalars: {
      stage: s('String', 'UPSTREAM, MIDSTREAM or DOWNSTREAM.'),
      order: s('Int', 'Position in the map, upstream first.'),
    },
    relations: {
      chainType: inn('HAS_SEGMENT', 'ChainType', false, 'The chain type whose map holds this segment.'),
      feeds: out('FEEDS', 'ChainSegment', true, 'The segments directly downstream.'),
      fedBy: inn('FEEDS', 'ChainSegment', true, 'The segments directly upstream.'),
      enterprises: inn('OPERATES_IN', 'Enterprise', true, 'Enterprises working in this segment.'),
      projects: inn('FILLS', 'Project', true, 'Projects filling or strengthening this segment.', 'FillLink'),
      outcomes: inn('APPLIES_TO', 'Outcome', true, 'Research outcomes that serve this segment.'),
    },
  },
  IndustryChain: {
    description: 'An industry chain as one zone organises it.',
    scalars: {},
    relations: {
      zone: inn('HAS_CHAIN', 'Park', false, 'The zone that organises this chain.'),
      chainType: out('OF_TYPE', 'ChainType', false, 'The chain type: its map of segments.'),
      committee: inn(
        'GOVERNS',
        'PartyOrganization',
        false,
        'The joint Party committee governing this chain (at most one).',
      ),
      chainMasters: inn('CHAIN_MASTER_OF', 'Enterprise', true, 'Chain-master enterprises (链主).'),
      leaders: inn('LEADS', 'GovernmentBody', true, 'Chain leaders (链长).'),
      enterprises: inn('IN_CHAIN', 'Enterprise', true, 'Enterprises on this chain.'),
      projects: inn('IN_CHAIN', 'Project', true, 'Key projects of this chain.'),
      partners: inn('PARTNERS_WITH', 'Node', true, 'Institutions and platforms co-building this chain.'),
      talentSources: inn(
        'TRAINS_FOR',
        'Node',
        true,
        'Who trains or places people for this chain.',
        'TalentLink',
      ),
      teams: inn('SERVES', 'Node', true, 'Teams and platforms serving this chain.'),
      indicators: INDICATORS,
    },
  },
  Enterprise: {
    description: 'A company, with its 高新技术 (highTech) and 专精特新 (specialized) flags.',
    scalars: {
      shortName: s('String', 'The short name the articles use.'),
      kind: KIND,
      highTech: s('Boolean', 'A certified high-tech enterprise (高新技术企业).'),
      specialized: s('Boolean', 'A 专精特新 enterprise.'),
      specializedLevel: s('String', 'The level of its 专精特新 status.'),
    },
    relations: {
      parks: out('LOCATED_IN', 'Park', true, 'Where it is located.'),
      chains: out('IN_CHAIN', 'IndustryChain', true, 'The chains it is on.'),
      masterOf: out('CHAIN_MASTER_OF', 'IndustryChain', true, 'The chains it is chain-master of.'),
      segments: out('OPERATES_IN', 'ChainSegment', true, 'The segments it works in, where a source says.'),
      suppliers: inn('SUPPLIES', 'Enterprise', true, 'Who supplies it, with the product.', 'SupplyLink'),
      customers: out('SUPPLIES', 'Enterprise', true, 'Whom it supplies, with the product.', 'SupplyLink'),
      partyOrganizations: inn('BELONGS_TO', 'PartyOrganization', true, 'Its Party organisations.'),
      projects: out('INVESTS_IN', 'Project', true, 'Projects it signs or invests in.'),
      outcomes: inn('TRANSFERS_TO', 'Outcome', true, 'Research outcomes transferred to it.'),
      talentSources: inn('TRAINS_FOR', 'Node', true, 'Who trains or places people for it.', 'TalentLink'),
      parent: out('PART_OF', 'Enterprise', false, 'Its parent company.'),
      subsidiaries: inn('PART_OF', 'Enterprise', true, 'Its subsidiaries.'),
      indicators: INDICATORS,
    },
  },
  PartyOrganization: {
    description:
      'A Party organisation: working committee, committee, joint committee, general branch or branch.',
    scalars: {
      kind: KIND,
      secretary: s('String', 'Its secretary, as the article names them.'),
      nameBasis: s('String', 'DESCRIPTIVE when the article states it but does not name it.'),
    },
    relations: {
      reportsTo: out('REPORTS_TO', 'PartyOrganization', false, 'The organisation above it.'),
      subordinates: inn('REPORTS_TO', 'PartyOrganization', true, 'The organisations below it.'),
      governs: out('GOVERNS', 'IndustryChain', false, 'The chain it governs, for a joint committee.'),
      belongsTo: out('BELONGS_TO', 'Node', false, 'The enterprise, body or zone it is the organisation of.'),
      members: inn('MEMBER_OF', 'Node', true, 'Its member organisations.'),
      pairedWith: {
        type: 'PAIRED_WITH',
        direction: 'BOTH',
        target: 'Node',
        many: true,
        description: 'Co-building partners (结对共建).',
      },
      leaders: inn('LEADS', 'GovernmentBody', true, 'Government bodies that lead it.'),
      teams: inn('ORGANISED_BY', 'Node', true, 'Teams and platforms it set up.'),
      indicators: INDICATORS,
    },
  },
  GovernmentBody: {
    description: 'A government department, office or public unit; may lead a chain (链长).',
    scalars: {},
    relations: {
      leads: out('LEADS', 'Node', true, 'The chains or Party organisations it leads.'),
      parks: out('LOCATED_IN', 'Park', true, 'Where it is located.'),
      indicators: INDICATORS,
    },
  },
  Institution: {
    description: 'A university, college, laboratory, institute or technology-transfer centre.',
    scalars: { kind: KIND },
    relations: {
      parent: out('PART_OF', 'Institution', false, 'The institution it belongs to.'),
      units: inn('PART_OF', 'Institution', true, 'Its colleges, labs and centres.'),
      partners: out('PARTNERS_WITH', 'Node', true, 'Zones, chains and organisations it co-builds with.'),
      trainsFor: out(
        'TRAINS_FOR',
        'Node',
        true,
        'Talent chain: whom it trains or places people for.',
        'TalentLink',
      ),
      outcomes: out('DEVELOPED', 'Outcome', true, 'Research outcomes it developed.'),
      parks: out('LOCATED_IN', 'Park', true, 'Where it is located.'),
      indicators: INDICATORS,
    },
  },
  Platform: {
    description: 'A service centre, alliance, platform, task force, carrier or Party school.',
    scalars: { kind: KIND },
    relations: {
      parent: out('PART_OF', 'Platform', false, 'The platform it is a module of.'),
      parts: inn('PART_OF', 'Platform', true, 'Its modules.'),
      organisedBy: out('ORGANISED_BY', 'Node', true, 'Who set it up.'),
      serves: out('SERVES', 'Node', true, 'Whom it serves.'),
      parks: out('LOCATED_IN', 'Park', true, 'Where it is located.'),
      indicators: INDICATORS,
    },
  },
  PioneerTeam: {
    description: 'A Party-member pioneer team, task group or service team.',
    scalars: { kind: KIND, leader: s('String', 'Its leader, as the article names them.') },
    relations: {
      organisedBy: out('ORGANISED_BY', 'Node', true, 'Who set it up.'),
      serves: out('SERVES', 'Node', true, 'Whom it serves.'),
      indicators: INDICATORS,
    },
  },
  Project: {
    description: 'An investment or construction project.',
    scalars: {
      status: s('String', 'SIGNED, BUILDING, PRODUCING or PLANNED.'),
      amountYuan: s('Float', 'Planned investment in yuan.'),
      amountText: s('String', 'The amount as the article writes it.'),
      signedOn: s('String', 'When it was signed (ISO date, as precise as the source).'),
      expectedBy: s('String', 'When it is expected to be complete.'),
    },
    relations: {
      investors: inn('INVESTS_IN', 'Node', true, 'Who signs, invests in or runs it.'),
      parks: out('LOCATED_IN', 'Park', true, 'Where it is located.'),
      fills: out('FILLS', 'ChainSegment', true, 'Chain segments it fills or strengthens.', 'FillLink'),
      chains: out('IN_CHAIN', 'IndustryChain', true, 'The chains it is a key project of.'),
      indicators: INDICATORS,
    },
  },
  Outcome: {
    description: 'A research outcome or technology on the innovation chain.',
    scalars: { kind: KIND },
    relations: {
      developers: inn('DEVELOPED', 'Node', true, 'Who developed it.'),
      transferredTo: out('TRANSFERS_TO', 'Enterprise', true, 'Enterprises it was transferred to.'),
      appliesTo: out('APPLIES_TO', 'Node', true, 'Segments or chains it serves.'),
    },
  },
  Demand: {
    description: 'An enterprise request on the closed-loop list.',
    scalars: {
      category: s(
        'String',
        'What is asked for: FINANCING, LABOUR, MARKET, LAND, TECHNOLOGY, APPROVAL or OTHER.',
      ),
      state: s('String', 'Where it is in the loop: FOUND, ASSIGNED, RECTIFYING, CLOSED or REVIEWED.'),
      foundAt: s('String', 'When it was raised (发现).'),
      assignedAt: s('String', 'When it was assigned (交办).'),
      rectifyingAt: s('String', 'When rectification started (整改).'),
      closedAt: s('String', 'When it was closed (销号).'),
      reviewedAt: s('String', 'When the closure was reviewed (复核).'),
    },
    relations: {
      raisedBy: out('RAISED_BY', 'Enterprise', false, 'The enterprise that raised it.'),
      assignedTo: out('ASSIGNED_TO', 'Node', true, 'Who it is assigned to.'),
    },
  },
  Indicator: {
    description: 'A figure an article reports: metric, value, unit and date.',
    scalars: {
      metric: s('String', 'A stable key for the kind of figure (snake_case).'),
      value: s('Float', 'The value.'),
      valueMax: s('Float', 'The upper end, for a range.'),
      unit: s('String', 'The unit, as the article gives it.'),
      date: s('String', 'The year, month or day the figure refers to.'),
      dateBasis: s('String', 'STATED, or ARTICLE_YEAR when the article gives no date.'),
      approx: s('String', 'EXACT, AT_LEAST, MORE_THAN, ABOUT or LESS_THAN.'),
      period: s('String', 'The period, in the article’s words.'),
      quote: s('String', 'The phrase of the article that states it.'),
    },
    relations: { subjects: out('MEASURES', 'Node', true, 'What the figure is about.') },
  },
};

/** Fields every entity has. */
export const COMMON_SCALARS: Record<string, ScalarSpec> = {
  name: s('String', 'The name, in Chinese, as the source writes it.'),
  nameEn: s('String', 'An English name, where one helps.'),
  note: s('String', 'A curator’s note: how a fact was read from its source.'),
  updatedAt: s('String', 'When it was last written through the API (ISO date-time); null for curated data.'),
  updatedBy: s('String', 'The role of the key that last wrote it through the API.'),
};
