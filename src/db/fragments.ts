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

/** The control characters JSON spells as escapes; \b \f \n \r \t have short forms. */
const JSON_ESCAPES: [string, string][] = [
  ['\\b', '\\\\b'],
  ['\\f', '\\\\f'],
  ['\\n', '\\\\n'],
  ['\\r', '\\\\r'],
  ['\\t', '\\\\t'],
  ...Array.from({ length: 32 }, (_, i) => i)
    .filter((i) => ![8, 9, 10, 12, 13].includes(i))
    .map((i): [string, string] => {
      const hex = i.toString(16).padStart(4, '0');
      return [`\\u${hex}`, `\\\\u${hex}`];
    }),
];

/**
 * A string expression `s` as a JSON string literal, control characters still raw: `jsonOf` escapes
 * those once over the whole text, which only a string's contents can hold them in.
 */
const jsonString = (s: string): string =>
  `'"' + replace(replace(${s}, '\\\\', '\\\\\\\\'), '"', '\\\\"') + '"'`;

/** Text `t` with every control character spelled as JSON spells it. */
const escapeControls = (t: string): string => {
  let out = t;
  for (const [from, to] of JSON_ESCAPES) out = `replace(${out}, '${from}', '${to}')`;
  return out;
};

/**
 * One property value that is not a list: numbers and booleans as Cypher writes them, anything else
 * (a string, a time) as a JSON string of its text. One escape per value, so the text stays short.
 */
const jsonScalar = (v: string): string =>
  `CASE WHEN ${v} IS NULL THEN 'null' ` +
  `WHEN ${v} IS :: BOOLEAN OR ${v} IS :: INTEGER OR ${v} IS :: FLOAT THEN toString(${v}) ` +
  `ELSE ${jsonString(`CASE WHEN ${v} IS :: STRING THEN ${v} ELSE toString(${v}) END`)} END`;

/** The separator before an item of a list or map being joined in `acc`: none before the first. */
const sep = (acc: string): string => `CASE WHEN ${acc} = '' THEN '' ELSE ',' END`;

/**
 * A map of property values `m` (a node's or relationship's `properties()`) as JSON text, null for
 * null, computed in Cypher, so that a write can record what it did in the statement that does it
 * rather than in a second round trip (issue 24). What JSON.stringify makes of the same map in Node,
 * up to spelling: a whole float is `1.0` here, `1` there, and a time keeps Neo4j's own ISO form
 * (`tests/integration/json-fragment.int.test.ts` parses both and compares). Property values are
 * scalars or lists of scalars, never maps, so one level of lists is all it handles.
 */
export const jsonOf = (m: string): string => {
  const value = (v: string): string =>
    `CASE WHEN ${v} IS :: LIST<ANY> THEN '[' + reduce(a = '', e IN ${v} | a + ${sep('a')} + ${jsonScalar('e')}) + ']' ` +
    `ELSE ${jsonScalar(v)} END`;
  const text = `'{' + reduce(o = '', k IN keys(${m}) | o + ${sep('o')} + ${jsonString('k')} + ':' + ${value(`${m}[k]`)}) + '}'`;
  return `CASE WHEN ${m} IS NULL THEN null ELSE ${escapeControls(text)} END`;
};
