/**
 * What the aggregates count, as plain data: the facts one enterprise, project or Party organisation
 * contributes, the tally rows those facts add up to, and their sums and differences. Every path that
 * keeps the aggregates (a write's delta, a recount of a zone, the check) goes through `rowsOf`, so
 * there is one definition of each count, and the Cypher reads facts only.
 */

/** The counters of a tally; a counter a key's kind does not use stays 0. */
export const COUNTERS = [
  'firms',
  'masters',
  'specialized',
  'highTech',
  'withOrg',
  'orgs',
  'onChains',
  'inCommittee',
  'projects',
  'signed',
  'building',
  'producing',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

/**
 * A tally's key and owner. `zs:<zone>|<segment>` per zone and segment, `z:<zone>` per zone, `c:<chain>`
 * per chain; "zone" is any Park, since a park's own chain is mapped from the park outwards as a zone's is.
 */
export interface TallyKey {
  key: string;
  zone: string | null;
  segment: string | null;
  chain: string | null;
}
export type TallyRow = TallyKey & Counts;

/** What an enterprise contributes, read from the graph by `factsStatement`. */
export interface EnterpriseFacts {
  kind: 'Enterprise';
  id: string;
  /** The parks it is located in and the zones they are part of, distinct. */
  zones: string[];
  segments: string[];
  /** The chains it is on (IN_CHAIN or CHAIN_MASTER_OF), distinct. */
  chains: string[];
  master: boolean;
  specialized: boolean;
  highTech: boolean;
  hasOrg: boolean;
  /** Chains governed by a joint committee one of its organisations is a member of. */
  committeeChains: string[];
  /** Zones that hold one of those chains. */
  committeeZones: string[];
}

/** What a project contributes: the segments it fills in the zones it is located in. */
export interface ProjectFacts {
  kind: 'Project';
  id: string;
  zones: string[];
  segments: string[];
  status: string | null;
}

/** What a Party organisation contributes: it is counted once in each zone and chain of its enterprises. */
export interface OrgFacts {
  kind: 'PartyOrganization';
  id: string;
  zones: string[];
  chains: string[];
}

export type Facts = EnterpriseFacts | ProjectFacts | OrgFacts;

export const zoneSegmentKey = (zone: string, segment: string): string => `zs:${zone}|${segment}`;
export const zoneKey = (zone: string): string => `z:${zone}`;
export const chainKey = (chain: string): string => `c:${chain}`;

/** The same keys as Cypher expressions over node variables, for the statements that look tallies up. */
export const cypherKey = {
  zoneSegment: (z: string, s: string): string => `'zs:' + ${z}.id + '|' + ${s}.id`,
  zone: (z: string): string => `'z:' + ${z}.id`,
  chain: (c: string): string => `'c:' + ${c}.id`,
};

const zero = (): Counts => Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;
const bit = (b: boolean): number => (b ? 1 : 0);

/** The rows one subject adds, restricted to `owns` (a recount of some owners) when given. */
export function rowsOf(facts: Facts, owns?: (key: TallyKey) => boolean): TallyRow[] {
  const out: TallyRow[] = [];
  const add = (key: TallyKey, counts: Partial<Counts>): void => {
    if (!owns || owns(key)) out.push({ ...key, ...zero(), ...counts });
  };
  const zs = (zone: string, segment: string): TallyKey => ({
    key: zoneSegmentKey(zone, segment),
    zone,
    segment,
    chain: null,
  });
  const z = (zone: string): TallyKey => ({ key: zoneKey(zone), zone, segment: null, chain: null });
  const c = (chain: string): TallyKey => ({ key: chainKey(chain), zone: null, segment: null, chain });
  switch (facts.kind) {
    case 'Enterprise': {
      const shared = { firms: 1, highTech: bit(facts.highTech), withOrg: bit(facts.hasOrg) };
      for (const zone of facts.zones) {
        add(z(zone), {
          ...shared,
          onChains: bit(facts.chains.length > 0),
          inCommittee: bit(facts.hasOrg && facts.committeeZones.includes(zone)),
        });
        for (const segment of facts.segments)
          add(zs(zone, segment), {
            ...shared,
            masters: bit(facts.master),
            specialized: bit(facts.specialized),
          });
      }
      for (const chain of facts.chains)
        add(c(chain), { ...shared, inCommittee: bit(facts.hasOrg && facts.committeeChains.includes(chain)) });
      return out;
    }
    case 'Project':
      for (const zone of facts.zones)
        for (const segment of facts.segments)
          add(zs(zone, segment), {
            projects: 1,
            signed: bit(facts.status === 'SIGNED'),
            building: bit(facts.status === 'BUILDING'),
            producing: bit(facts.status === 'PRODUCING'),
          });
      return out;
    case 'PartyOrganization':
      for (const zone of facts.zones) add(z(zone), { orgs: 1 });
      for (const chain of facts.chains) add(c(chain), { orgs: 1 });
      return out;
  }
}

/** Rows summed per key, `sign` times each. */
export function sumInto(into: Map<string, TallyRow>, rows: Iterable<TallyRow>, sign = 1): void {
  for (const row of rows) {
    const held = into.get(row.key) ?? { ...row, ...zero() };
    for (const counter of COUNTERS) held[counter] += sign * row[counter];
    into.set(row.key, held);
  }
}

/** The net change from `before` to `after`, keys whose every counter is unchanged left out. */
export function delta(before: Facts[], after: Facts[]): TallyRow[] {
  const sums = new Map<string, TallyRow>();
  for (const f of after) sumInto(sums, rowsOf(f));
  for (const f of before) sumInto(sums, rowsOf(f), -1);
  return [...sums.values()].filter((row) => COUNTERS.some((c) => row[c] !== 0));
}

/** Whether a tally counts anything: one that does not is not stored. */
export const isEmpty = (row: Counts): boolean => row.firms === 0 && row.projects === 0 && row.orgs === 0;

/** Where a stored tally and a fresh count disagree: the key, and each counter stored → counted. */
export interface Mismatch {
  key: string;
  stored: Counts | null;
  counted: Counts | null;
}

/** The keys on which `stored` and `counted` differ (a key missing on one side counts as all zeros). */
export function compare(stored: Map<string, TallyRow>, counted: Map<string, TallyRow>): Mismatch[] {
  const out: Mismatch[] = [];
  for (const key of new Set([...stored.keys(), ...counted.keys()])) {
    const s = stored.get(key);
    const c = counted.get(key);
    const a = s ?? zero();
    const b = c ?? zero();
    if (COUNTERS.some((k) => a[k] !== b[k]))
      out.push({ key, stored: s ? countsOf(s) : null, counted: c && !isEmpty(c) ? countsOf(c) : null });
  }
  return out.sort((x, y) => x.key.localeCompare(y.key));
}

const countsOf = (row: Counts): Counts => Object.fromEntries(COUNTERS.map((c) => [c, row[c]])) as Counts;
