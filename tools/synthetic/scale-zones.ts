/**
 * The frame of the national-scale set: the curated chain maps with their ids (so synthetic chains
 * share the real segment flow), then the zones with their parks, chains and the Party organisations
 * that exist per zone and per chain.
 */
import type { curatedChainMaps } from './generate';
import { cumulativeOf, pickCumulative, type Draw } from './scale-draw';
import { pad, type ScaleFiles } from './scale-files';

export type ChainMaps = ReturnType<typeof curatedChainMaps>;

/** The segment flow by index: each type's segments, each segment's upstream and FEEDS neighbours. */
export interface Flow {
  segsOfType: number[][];
  upstream: number[][];
  neighbours: number[][];
}

/** Zones, parks and chains by index; a zone's parks and chains are the ranges `*Start[z]` to `*Start[z + 1]`. */
export interface Zones {
  zoneCount: number;
  zoneIds: string[];
  parkIds: string[];
  parkStart: Uint32Array;
  chainIds: string[];
  chainType: number[];
  committeeOf: string[];
  chainStart: Uint32Array;
}

export async function writeChainMaps(out: ScaleFiles, maps: ChainMaps): Promise<Flow> {
  const typeIndex = new Map(maps.types.map((t, i) => [t.id, i]));
  const segIndex = new Map(maps.segments.map((s, i) => [s.id, i]));
  const segsOfType: number[][] = maps.types.map(() => []);
  for (const t of maps.types) await out.node('ChainType', [t.id, t.name, t.nameEn]);
  for (const [i, s] of maps.segments.entries()) {
    await out.node('ChainSegment', [s.id, s.name, s.stage, s.order]);
    await out.link('HAS_SEGMENT', s.type, s.id);
    segsOfType[typeIndex.get(s.type) ?? 0]?.push(i);
  }
  const upstream: number[][] = maps.segments.map(() => []);
  const neighbours: number[][] = maps.segments.map(() => []);
  for (const f of maps.feeds) {
    await out.link('FEEDS', f.from, f.to);
    const a = segIndex.get(f.from) ?? 0;
    const b = segIndex.get(f.to) ?? 0;
    upstream[b]?.push(a);
    neighbours[a]?.push(b);
    neighbours[b]?.push(a);
  }
  return { segsOfType, upstream, neighbours };
}

/** `national` national zones and half as many provincial ones, each with 3 to 8 parks and 2 to 5 chains. */
export async function writeZones(
  out: ScaleFiles,
  { rnd, between }: Draw,
  maps: ChainMaps,
  national: number,
): Promise<Zones> {
  const zoneCount = national + Math.floor(national / 2);
  const zoneIds: string[] = [];
  const parkIds: string[] = [];
  const parkStart = new Uint32Array(zoneCount + 1);
  const chainIds: string[] = [];
  const chainType: number[] = [];
  const committeeOf: string[] = [];
  const chainStart = new Uint32Array(zoneCount + 1);
  const typeWeights = cumulativeOf(maps.types.map((_, i) => 1 / (i + 1) ** 0.5));
  for (let z = 0; z < zoneCount; z += 1) {
    const isNational = z < national;
    const n = isNational ? z + 1 : z - national + 1;
    const slug = `scale-${isNational ? 'n' : 'p'}${pad(n)}`;
    const zone = `park:${slug}`;
    const zh = `合成${isNational ? '国家' : '省级'}高新区${pad(n)}`;
    const en = `Synthetic ${isNational ? 'National' : 'Provincial'} HTZ ${pad(n)}`;
    zoneIds.push(zone);
    await out.node('Park', [zone, zh, en, 'ZONE', isNational ? 'NATIONAL' : 'PROVINCIAL']);
    parkStart[z] = parkIds.length;
    for (let p = 1, count = between(3, 8); p <= count; p += 1) {
      const park = `${zone}.p${p}`;
      parkIds.push(park);
      await out.node('Park', [park, `${zh}第${p}园区`, `${en} Park ${p}`, 'PARK', undefined]);
      await out.link('PART_OF', park, zone);
    }
    const working = `org:${slug}.wc`;
    await out.node('PartyOrganization', [working, `${zh}党工委`, 'WORKING_COMMITTEE']);
    await out.link('BELONGS_TO', working, zone);
    chainStart[z] = chainIds.length;
    const types = new Set<number>();
    const wanted = between(2, 5);
    while (types.size < wanted) types.add(pickCumulative(typeWeights, rnd()));
    for (const t of [...types].sort((a, b) => a - b)) {
      const type = maps.types[t];
      const typeSlug = (type?.id ?? '').split(':')[1] ?? '';
      const chain = `chain:${slug}.${typeSlug}`;
      const committee = `org:${slug}.${typeSlug}.jc`;
      chainIds.push(chain);
      chainType.push(t);
      committeeOf.push(committee);
      await out.node('IndustryChain', [
        chain,
        `${zh}${type?.name ?? ''}产业链`,
        `${en} ${type?.nameEn ?? ''} chain`,
      ]);
      await out.link('HAS_CHAIN', zone, chain);
      await out.link('OF_TYPE', chain, type?.id ?? '');
      await out.node('PartyOrganization', [
        committee,
        `${zh}${type?.name ?? ''}产业链联合党委`,
        'JOINT_COMMITTEE',
      ]);
      await out.link('GOVERNS', committee, chain);
      await out.link('REPORTS_TO', committee, working);
    }
  }
  parkStart[zoneCount] = parkIds.length;
  chainStart[zoneCount] = chainIds.length;
  return { zoneCount, zoneIds, parkIds, parkStart, chainIds, chainType, committeeOf, chainStart };
}

/** A park of zone z, drawn evenly. */
export const parkOf = (zones: Zones, { int }: Draw, z: number): string | undefined =>
  zones.parkIds[(zones.parkStart[z] ?? 0) + int((zones.parkStart[z + 1] ?? 0) - (zones.parkStart[z] ?? 0))];

/** The index of a chain of zone z, drawn evenly. */
export const chainOfZone = (zones: Zones, { int }: Draw, z: number): number =>
  (zones.chainStart[z] ?? 0) + int((zones.chainStart[z + 1] ?? 0) - (zones.chainStart[z] ?? 0));
