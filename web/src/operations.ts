/**
 * Every operation the page sends. They are ordinary named operations on the public endpoint: what the
 * page shows, an integrator can ask for with the same text (the README lists them).
 */
const LABELS_WITH_SOURCES = [
  'ChainSegment',
  'ChainType',
  'Demand',
  'Enterprise',
  'GovernmentBody',
  'Indicator',
  'IndustryChain',
  'Institution',
  'Outcome',
  'Park',
  'PartyOrganization',
  'PioneerTeam',
  'Platform',
  'Project',
];

const SOURCE_FRAGMENT = 'fragment Src on Source { id name author file year kind }';

/** A node of any label with the articles that state it: `sources` is declared per type, not on Node. */
export const NODE_FRAGMENTS = `
${SOURCE_FRAGMENT}
fragment AnyNode on Node {
  __typename id name nameEn
  ${LABELS_WITH_SOURCES.map((l) => `... on ${l} { sources { ...Src } }`).join('\n  ')}
}`;

/** What a drawn overlay node needs; its sources are fetched when it is selected (NODE_DETAIL). */
const LIGHT_FRAGMENT = 'fragment Light on Node { __typename id name nameEn }';

/**
 * The partners and teams of a chain or zone are organisations of a few labels only. Naming just those
 * (rather than every label, as AnyNode does) keeps the statement small, which Neo4j plans faster on a
 * first visit: ChainLists with the query caches cleared took 1.2-1.6 s with AnyNode and 0.7-1.0 s with
 * this (three alternating runs, curated data, this machine); warm, both take about 75 ms.
 */
const ORG_FRAGMENT = `
${SOURCE_FRAGMENT}
fragment Org on Node {
  __typename id name nameEn
  ... on Institution { institutionKind: kind sources { ...Src } }
  ... on Platform { platformKind: kind sources { ...Src } }
  ... on PioneerTeam { sources { ...Src } }
  ... on Enterprise { sources { ...Src } }
  ... on GovernmentBody { sources { ...Src } }
}`;

export const NODE_DETAIL = `
query NodeDetail($id: ID!) {
  node(id: $id) { ...AnyNode ... on PartyOrganization { secretary } }
}
${NODE_FRAGMENTS}`;

export const ZONES = `
query MapZones($after: String) {
  parks(filter: { kind: ZONE }, first: 100, after: $after) {
    nodes { id name nameEn city province }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const ZONE_SEARCH = `
query MapZoneSearch($text: String!) {
  search(text: $text, first: 20) { node { __typename id name nameEn ... on Park { kind zone { id } } } }
}`;

export const ZONE_CHAINS = `
query MapZoneChains($zone: ID!) {
  park(id: $zone) {
    id name nameEn kind
    chains { id name nameEn chainType { id name nameEn } }
  }
}`;

/** The map itself: segments with their status and counts, never the firms behind them. */
export const CHAIN_MAP = `
query ChainMap($chain: ID!) {
  chainSnapshot(chainId: $chain) {
    covered weak filling missing
    chain {
      id name nameEn note sources { ...Src }
      zone { id name nameEn }
      chainType { id name nameEn segments { id feeds { id } } chains { id name nameEn zone { id name nameEn } } }
      chainMasters { id name nameEn shortName segments { id } sources { ...Src } }
      leaders { id name nameEn sources { ...Src } }
      leadersNamed
      committee { id name nameEn }
    }
    segments {
      segment {
        id name nameEn stage order sources { ...Src }
        projects { basis note sources node { id } }
      }
      status gapType enterpriseCount
      score { total localScale linkage innovation }
      projects { id name nameEn status amountText sources { ...Src } }
    }
  }
}
${SOURCE_FRAGMENT}`;

export const SEGMENT_FIRMS = `
query SegmentFirms($zone: ID!, $segment: ID!, $after: String) {
  enterprises(filter: { park: $zone, segment: $segment }, first: 10, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id name nameEn shortName specialized highTech masterOf { id } sources { ...Src } }
  }
}
${SOURCE_FRAGMENT}`;

export const FILL_CANDIDATES = `
query SegmentCandidates($chain: ID!, $segment: ID!) {
  fillCandidates(chainId: $chain, segmentId: $segment, first: 10) {
    enterprises {
      score
      enterprise { id name nameEn zone { id name nameEn } sources { ...Src } }
      evidence { coversSegment supplyLinks chainMaster specialized highTech commonNeighbours adamicAdar sharedPartners { id name nameEn } }
    }
    projects {
      project { id name nameEn status sources { ...Src } }
      zone { id name nameEn }
      investors { id name nameEn }
      evidence { status basis mode note chainMasterInvestor specializedInvestor sources { ...Src } }
    }
    institutions {
      developer { __typename id name nameEn ... on Institution { sources { ...Src } } }
      outcomes { id name nameEn kind }
    }
  }
}
${SOURCE_FRAGMENT}`;

export const ENTERPRISE_REACH = `
query EnterpriseReach($id: ID!, $depth: Int!) {
  enterprise(id: $id) { id name nameEn segments { id } sources { ...Src } }
  blastRadius(enterpriseId: $id) {
    orphanedSegments { id }
    downstreamSegments { distance node { id } }
    orphanedCustomers { id name }
  }
  upstream: supplyChain(id: $id, direction: UPSTREAM, depth: $depth) { distance via node { __typename id name } }
  downstream: supplyChain(id: $id, direction: DOWNSTREAM, depth: $depth) { distance via node { __typename id name } }
}
${SOURCE_FRAGMENT}`;

export const PARTY_OVERLAY = `
query PartyOverlay($chain: ID!) {
  industryChain(id: $chain) {
    id
    committee {
      ...Light kind secretary
      members { ...Light ... on PartyOrganization { belongsTo { id name } } }
      pairedWith { ...Light }
      reportsTo { ...Light }
      leaders { ...Light }
    }
    chainMasters { id name partyOrganizations { ...Light } }
  }
}
${LIGHT_FRAGMENT}`;

export const TALENT_OVERLAY = `
query TalentOverlay($chain: ID!) {
  talentChain(id: $chain) { count unit programme sources from { ...Light } to { ...Light } }
}
${LIGHT_FRAGMENT}`;

export const INNOVATION_OVERLAY = `
query InnovationOverlay($chain: ID!) {
  innovationChain(id: $chain) {
    ...Light kind
    developers { ...Light }
    transferredTo { id name nameEn }
    appliesTo { id }
  }
}
${LIGHT_FRAGMENT}`;

/** Key enterprises of the list beyond the chain-masters: the chain's 专精特新 and 高新技术 firms. */
export const KEY_FIRMS = `
query KeyFirms($chain: ID!) {
  specialized: enterprises(filter: { chain: $chain, specialized: true }, first: 100) {
    totalCount nodes { id name nameEn specializedLevel sources { ...Src } }
  }
  highTech: enterprises(filter: { chain: $chain, highTech: true }, first: 100) {
    totalCount nodes { id name nameEn sources { ...Src } }
  }
}
${SOURCE_FRAGMENT}`;

/** The rest of the six lists: key enterprises, projects, platforms and institutions, demands, gaps, figures. */
export const CHAIN_LISTS = `
query ChainLists($chain: ID!, $zone: ID!) {
  industryChain(id: $chain) {
    id
    projects { id name nameEn status amountText sources { ...Src } }
    partners { ...Org }
    teams { ...Org }
    indicators { id name value unit date quote sources { ...Src } }
  }
  park(id: $zone) { id institutions { __typename id name nameEn kind sources { ...Src } } partners { ...Org } }
  openDemands(of: $chain) {
    id name nameEn category state foundAt sources { ...Src } raisedBy { id name } assignedTo { id name }
  }
  partyCoverage(id: $chain) {
    figures { basis metric name value unit date indicator { id sources { ...Src } } }
  }
}
${ORG_FRAGMENT}`;

/** What changed on the chain map since a time: the "changes since" view. */
export const CHAIN_DIFF = `
query ChainDiff($chain: ID!, $from: DateTimeISO!) {
  chainDiff(chainId: $chain, from: $from) {
    from to
    segments { segment { id name nameEn } from to move changes { seq } }
    enterprises { segment { id name nameEn } enterprise { id name nameEn } move changes { seq } }
    projects { project { id name nameEn } from to changes { seq } }
    changes { seq }
  }
}`;
