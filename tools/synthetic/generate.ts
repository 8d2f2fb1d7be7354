/**
 * A deterministic synthetic data set in the seed format: zones with chains of the curated chain types,
 * enterprises placed over zones with a skew, segment memberships, supply edges that follow the segment
 * flow (FEEDS) with preferential attachment and a pull towards the same zone, chain-masters, and
 * institutions. The same options give the same data. It exists to measure things the five articles are
 * too small for: the candidate ranking now, and scale later.
 */
import { readFileSync } from 'node:fs';
import { fromRoot } from '../../src/paths';
import type { NodeRecord, RelationshipRecord } from '../../src/import/format';

export interface SyntheticOptions {
  enterprises: number;
  zones: number;
  seed: number;
}

export interface SyntheticSet {
  content: { nodes: Record<string, NodeRecord[]>; relationships: Record<string, RelationshipRecord[]> };
  /** Ground truth the evaluation needs: each enterprise's zone and segments. */
  zoneOf: Map<string, string>;
  segmentsOf: Map<string, string[]>;
  typeOfSegment: Map<string, string>;
  chainsOfZone: Map<string, string[]>;
}

/** mulberry32: a small, well-mixed 32-bit generator; deterministic for a seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ChainMaps {
  types: { id: string; name: string; nameEn?: string }[];
  segments: { id: string; name: string; stage: string; order: number; type: string }[];
  feeds: { from: string; to: string }[];
}

/** The curated chain maps (01-chain-types.json), which the synthetic chains reuse. */
export function curatedChainMaps(): ChainMaps {
  const file = JSON.parse(readFileSync(fromRoot('seed', 'data', '01-chain-types.json'), 'utf8')) as {
    nodes: { ChainType: ChainMaps['types']; ChainSegment: Omit<ChainMaps['segments'][number], 'type'>[] };
    relationships: { HAS_SEGMENT: { from: string; to: string }[]; FEEDS: { from: string; to: string }[] };
  };
  const typeOf = new Map(file.relationships.HAS_SEGMENT.map((r) => [r.to, r.from]));
  return {
    types: file.nodes.ChainType,
    segments: file.nodes.ChainSegment.map((s) => ({ ...s, type: typeOf.get(s.id) ?? '' })),
    feeds: file.relationships.FEEDS,
  };
}

const SYNTHETIC_SOURCE = 'source:synthetic';

/** Generates the set. Cost is linear in enterprises; nothing is random outside the seeded generator. */
export function generate(options: SyntheticOptions, maps: ChainMaps = curatedChainMaps()): SyntheticSet {
  const rnd = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const cite = { sources: [SYNTHETIC_SOURCE] };
  const nodes: Record<string, NodeRecord[]> = {
    Source: [
      {
        id: SYNTHETIC_SOURCE,
        name: `合成数据 (seed ${options.seed})`,
        file: 'generated',
        author: 'npm run generate',
        kind: 'SYNTHETIC',
      },
    ],
    ChainType: maps.types.map((t) => ({
      id: t.id,
      name: t.name,
      ...(t.nameEn ? { nameEn: t.nameEn } : {}),
      ...cite,
    })),
    ChainSegment: maps.segments.map((s) => ({
      id: s.id,
      name: s.name,
      stage: s.stage,
      order: s.order,
      ...cite,
    })),
    Park: [],
    IndustryChain: [],
    Enterprise: [],
    Institution: [],
  };
  const rels: Record<string, RelationshipRecord[]> = {
    HAS_SEGMENT: maps.segments.map((s) => ({ from: s.type, to: s.id, ...cite })),
    FEEDS: maps.feeds.map((f) => ({ from: f.from, to: f.to, ...cite })),
    HAS_CHAIN: [],
    OF_TYPE: [],
    LOCATED_IN: [],
    IN_CHAIN: [],
    OPERATES_IN: [],
    SUPPLIES: [],
    CHAIN_MASTER_OF: [],
    PARTNERS_WITH: [],
  };
  const push = (list: string, record: NodeRecord): void => void nodes[list]?.push(record);
  const link = (type: string, from: string, to: string, extra: Record<string, string> = {}): void =>
    void rels[type]?.push({ from, to, ...extra, ...cite });

  const segmentsOfType = new Map<string, string[]>();
  for (const s of maps.segments) segmentsOfType.set(s.type, [...(segmentsOfType.get(s.type) ?? []), s.id]);
  const upstreamOf = new Map<string, string[]>();
  const neighboursOf = new Map<string, string[]>();
  for (const f of maps.feeds) {
    upstreamOf.set(f.to, [...(upstreamOf.get(f.to) ?? []), f.from]);
    neighboursOf.set(f.to, [...(neighboursOf.get(f.to) ?? []), f.from]);
    neighboursOf.set(f.from, [...(neighboursOf.get(f.from) ?? []), f.to]);
  }

  // Zones and their chains: a few chain types each, popular types more often.
  const zones: string[] = [];
  const chainsOfZone = new Map<string, string[]>();
  const typeWeights = maps.types.map((_, i) => 1 / (i + 1) ** 0.5);
  const weighted = <T>(items: readonly T[], weights: readonly number[]): T => {
    let r = rnd() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < items.length; i += 1) {
      r -= weights[i] ?? 0;
      if (r <= 0) return items[i];
    }
    return items[items.length - 1];
  };
  for (let i = 0; i < options.zones; i += 1) {
    const zone = `park:syn-z${i}`;
    zones.push(zone);
    push('Park', { id: zone, name: `合成高新区${i}`, nameEn: `Synthetic HTZ ${i}`, kind: 'ZONE', ...cite });
    const types = new Set<string>();
    const count = 2 + Math.floor(rnd() * 3);
    while (types.size < count) types.add(weighted(maps.types, typeWeights).id);
    const chains: string[] = [];
    for (const type of types) {
      const chain = `chain:syn-z${i}.${type.split(':')[1] ?? type}`;
      chains.push(chain);
      push('IndustryChain', { id: chain, name: `合成高新区${i}${type}产业链`, ...cite });
      link('HAS_CHAIN', zone, chain);
      link('OF_TYPE', chain, type);
    }
    chainsOfZone.set(zone, chains);
  }
  const typeOfChain = (chain: string): string => `chaintype:${chain.split('.').slice(1).join('.')}`;

  // Enterprises: zones by a Zipf-like skew; one chain of the zone; one segment, sometimes a neighbour too.
  const zoneWeights = zones.map((_, i) => 1 / (i + 1) ** 0.8);
  const zoneOf = new Map<string, string>();
  const chainOf = new Map<string, string>();
  const segmentsOf = new Map<string, string[]>();
  const members = new Map<string, string[]>(); // segment|zone -> enterprises (one entry per existing customer + 1)
  const all: string[] = [];
  for (let n = 0; n < options.enterprises; n += 1) {
    const id = `ent:syn-${n}`;
    const zone = weighted(zones, zoneWeights);
    const chain = pick(chainsOfZone.get(zone) ?? []);
    const segment = pick(segmentsOfType.get(typeOfChain(chain)) ?? []);
    const segments = [segment];
    if (rnd() < 0.3) {
      const neighbour = pick(neighboursOf.get(segment) ?? [segment]);
      if (neighbour !== segment) segments.push(neighbour);
    }
    push('Enterprise', {
      id,
      name: `合成企业${n}`,
      ...(rnd() < 0.3 ? { highTech: true } : {}),
      ...(rnd() < 0.1 ? { specialized: true } : {}),
      ...cite,
    });
    link('LOCATED_IN', id, zone);
    link('IN_CHAIN', id, chain);
    for (const s of segments) link('OPERATES_IN', id, s);
    zoneOf.set(id, zone);
    chainOf.set(id, chain);
    segmentsOf.set(id, segments);
    all.push(id);
    for (const s of segments) {
      members.set(`${s}|${zone}`, [...(members.get(`${s}|${zone}`) ?? []), id]);
      members.set(`${s}|*`, [...(members.get(`${s}|*`) ?? []), id]);
    }
  }

  // Supply edges follow the flow: each firm buys from one or two firms of each upstream segment,
  // mostly in its own zone, preferring suppliers that already have customers.
  const customers = new Map<string, number>();
  const seen = new Set<string>();
  for (const id of all) {
    const zone = zoneOf.get(id) ?? '';
    for (const s of segmentsOf.get(id) ?? []) {
      for (const up of upstreamOf.get(s) ?? []) {
        const wanted = 1 + Math.floor(rnd() * 2);
        for (let k = 0; k < wanted; k += 1) {
          const local = members.get(`${up}|${zone}`) ?? [];
          const pool = local.length > 0 && rnd() < 0.7 ? local : (members.get(`${up}|*`) ?? []);
          if (pool.length === 0) continue;
          const supplier = pick(pool);
          const key = `${supplier}>${id}`;
          if (supplier === id || seen.has(key)) continue;
          seen.add(key);
          link('SUPPLIES', supplier, id);
          customers.set(supplier, (customers.get(supplier) ?? 0) + 1);
          // Preferential attachment: a supplier with more customers is more likely to be picked again.
          for (const list of [`${up}|${zone}`, `${up}|*`]) members.get(list)?.push(supplier);
        }
      }
    }
  }

  // Chain-masters: per chain, its firm with the most customers.
  const best = new Map<string, string>();
  for (const id of all) {
    const chain = chainOf.get(id) ?? '';
    const current = best.get(chain);
    if (current === undefined || (customers.get(id) ?? 0) > (customers.get(current) ?? 0))
      best.set(chain, id);
  }
  for (const [chain, id] of best) link('CHAIN_MASTER_OF', id, chain);

  const firmsOfZone = new Map<string, string[]>();
  for (const id of all)
    firmsOfZone.set(zoneOf.get(id) ?? '', [...(firmsOfZone.get(zoneOf.get(id) ?? '') ?? []), id]);
  // One institution per zone, co-building one of its chains and with a few of its firms.
  for (const zone of zones) {
    const inst = `inst:syn-${zone.split(':')[1] ?? zone}`;
    push('Institution', { id: inst, name: `合成大学${zone.slice(-3)}`, kind: 'UNIVERSITY', ...cite });
    link('PARTNERS_WITH', inst, pick(chainsOfZone.get(zone) ?? []));
    const local = firmsOfZone.get(zone) ?? [];
    for (let k = 0; k < Math.min(3, local.length); k += 1) link('PARTNERS_WITH', inst, pick(local));
  }

  const typeOfSegment = new Map(maps.segments.map((s) => [s.id, s.type]));
  const unique = (list: RelationshipRecord[]): RelationshipRecord[] => {
    const keys = new Set<string>();
    return list.filter((r) =>
      keys.has(`${r.from}>${r.to}`) ? false : (keys.add(`${r.from}>${r.to}`), true),
    );
  };
  for (const type of Object.keys(rels)) rels[type] = unique(rels[type] ?? []);
  return { content: { nodes, relationships: rels }, zoneOf, segmentsOf, typeOfSegment, chainsOfZone };
}
