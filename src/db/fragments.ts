/**
 * Cypher fragments more than one statement needs, each written once. A fragment is fixed text around
 * the variable names it is given; it never takes a value, so user input still travels as parameters.
 */

/**
 * "Of the zone": a node located in the zone itself or in one of its parks. The pattern runs from `v`
 * (located in) to `z` (the zone); `via` widens LOCATED_IN to the other ties that count (co-building).
 */
export const toZone = (v: string, z: string, via = 'LOCATED_IN'): string =>
  `(${v})-[:${via}]->(:Park)-[:PART_OF]->{0,1}(${z})`;

/** The same pattern read from the zone `z` outwards, to the nodes `v` located in it or its parks. */
export const fromZone = (z: string, v: string): string =>
  `(${z})<-[:PART_OF]-{0,1}(:Park)<-[:LOCATED_IN]-(${v})`;

/** A predicate: node `v` lies in zone `z`, directly or in one of its parks. */
export const inZone = (v: string, z: string): string => `EXISTS { ${toZone(v, z)} }`;

/** The zones (Park of kind ZONE) node `v` is of, bound to `z`. */
export const zoneOf = (v: string, z: string): string => toZone(v, `${z}:Park {kind: 'ZONE'}`);

/** The segments of chain `c`'s type, through the type the chain is an instance of. */
export const chainSegments = (c: string, s: string): string =>
  `(${c})-[:OF_TYPE]->(:ChainType)-[:HAS_SEGMENT]->(${s})`;

/** The same path read from segment `s` back to chain `c`. */
export const segmentChains = (s: string, c: string): string =>
  `(${s})<-[:HAS_SEGMENT]-(:ChainType)<-[:OF_TYPE]-(${c})`;

/** The ways an enterprise is on a chain: a member (IN_CHAIN) or its chain-master. */
export const ON_CHAIN = 'IN_CHAIN|CHAIN_MASTER_OF';

/** Flow order of segments `s`: upstream first, by the order the chain type gives them. */
export const flowOrder = (s: string): string => `${s}.order`;

/**
 * The relationships that count as graph proximity: everything but provenance (CITES) and figures
 * (MEASURES); sharing an article or a figure is no link.
 */
export const PROXIMITY = '!CITES&!MEASURES';
