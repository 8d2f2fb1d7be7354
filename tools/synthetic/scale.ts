/**
 * A national-scale synthetic set for measuring import and queries: 178 national and 89 provincial
 * zones with their parks, chains of the curated chain types, joint committees, N enterprises with a
 * Zipf-like skew over zones, supply edges along the segment flow with preferential attachment,
 * chain-masters, Party branches, institutions, outcomes, projects and indicators. It is written as CSV
 * files in the import format, streamed, and deterministic: the same options give byte-identical files.
 * Per enterprise it keeps only a few typed-array slots, so a million fits in Node's default heap.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../../src/paths';
import { CsvWriter } from './csv-writer';
import { curatedChainMaps, random } from './generate';

export interface ScaleOptions {
  enterprises: number;
  seed: number;
  outDir: string;
  /** National zones; provincial ones are half as many again. Default 178, as in China. */
  zones?: number;
}

export interface ScaleReport {
  dir: string;
  files: string[];
  nodes: Record<string, number>;
  relationships: Record<string, number>;
  ms: number;
}

export const SCALE_SOURCE = 'source:synthetic-scale';
export const NATIONAL_ZONES = 178;
/** Mean supplier edges per enterprise the SUPPLIES generation aims at. */
const SUPPLIES_PER_ENTERPRISE = 5;
const CITE = [SCALE_SOURCE];

/** Where a set of this size and seed goes by default (.data/ is git-ignored). */
export function defaultScaleDir(enterprises: number, seed: number): string {
  return fromRoot('.data', `synthetic-${enterprises}-s${seed}`);
}

const NODE_FILES = {
  Source: ['label', 'id', 'name', 'file', 'author', 'kind'],
  Park: ['label', 'id', 'name', 'nameEn', 'kind', 'level', 'sources[]'],
  ChainType: ['label', 'id', 'name', 'nameEn', 'sources[]'],
  ChainSegment: ['label', 'id', 'name', 'stage', 'order', 'sources[]'],
  IndustryChain: ['label', 'id', 'name', 'nameEn', 'sources[]'],
  Enterprise: ['label', 'id', 'name', 'nameEn', 'highTech', 'specialized', 'specializedLevel', 'sources[]'],
  PartyOrganization: ['label', 'id', 'name', 'kind', 'sources[]'],
  Institution: ['label', 'id', 'name', 'nameEn', 'kind', 'sources[]'],
  Outcome: ['label', 'id', 'name', 'sources[]'],
  Project: ['label', 'id', 'name', 'status', 'amountYuan', 'sources[]'],
  Indicator: ['label', 'id', 'name', 'metric', 'value', 'unit', 'date', 'dateBasis', 'approx', 'sources[]'],
} as const;
type NodeFile = keyof typeof NODE_FILES;

const REL_TYPES = [
  'HAS_SEGMENT',
  'FEEDS',
  'PART_OF',
  'HAS_CHAIN',
  'OF_TYPE',
  'BELONGS_TO',
  'GOVERNS',
  'REPORTS_TO',
  'LOCATED_IN',
  'IN_CHAIN',
  'OPERATES_IN',
  'MEMBER_OF',
  'SUPPLIES',
  'CHAIN_MASTER_OF',
  'PARTNERS_WITH',
  'TRAINS_FOR',
  'DEVELOPED',
  'APPLIES_TO',
  'TRANSFERS_TO',
  'FILLS',
  'INVESTS_IN',
  'MEASURES',
] as const;
type RelType = (typeof REL_TYPES)[number];

const pad = (n: number, width = 3): string => String(n).padStart(width, '0');

/** Index of the first cumulative weight above r: a weighted pick in O(log n). */
function pickCumulative(cumulative: Float64Array, r: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  const target = r * (cumulative[hi] ?? 0);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cumulativeOf(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}

/** Writes the set into options.outDir; onProgress counts enterprise steps (placement, then supply). */
export async function writeScaleSet(
  options: ScaleOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<ScaleReport> {
  const started = Date.now();
  const N = Math.floor(options.enterprises);
  const national = Math.floor(options.zones ?? NATIONAL_ZONES);
  const zoneCount = national + Math.floor(national / 2);
  const rnd = random(options.seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const between = (lo: number, hi: number): number => lo + int(hi - lo + 1);
  const maps = curatedChainMaps();

  mkdirSync(options.outDir, { recursive: true });
  const nodeOut = {} as Record<NodeFile, CsvWriter>;
  (Object.keys(NODE_FILES) as NodeFile[]).forEach((label, i) => {
    nodeOut[label] = new CsvWriter(
      path.join(options.outDir, `n${pad(i, 2)}-${label}.csv`),
      NODE_FILES[label],
    );
  });
  const relOut = {} as Record<RelType, CsvWriter>;
  REL_TYPES.forEach((type, i) => {
    relOut[type] = new CsvWriter(path.join(options.outDir, `r${pad(i, 2)}-${type}.csv`), [
      'type',
      'from',
      'to',
      'sources[]',
    ]);
  });
  const node = (label: NodeFile, cells: (string | number | boolean | undefined)[]): Promise<void> =>
    nodeOut[label].row([label, ...cells, ...(label === 'Source' ? [] : [CITE])]);
  const link = (type: RelType, from: string, to: string): Promise<void> =>
    relOut[type].row([type, from, to, CITE]);
  /** A stated count of firms, as of mid-2025, that MEASURES a zone or a chain. */
  const firmCount = async (id: string, name: string, metric: string, value: number, subject: string) => {
    await node('Indicator', [id, name, metric, value, '家', '2025-06', 'STATED', 'EXACT']);
    await link('MEASURES', id, subject);
  };

  await node('Source', [
    SCALE_SOURCE,
    `合成规模数据集（${N} 家企业，种子 ${options.seed}）`,
    'generated',
    'npm run generate',
    'SYNTHETIC',
  ]);

  // The curated chain maps, with their ids, so synthetic chains share the real segment flow.
  const typeIndex = new Map(maps.types.map((t, i) => [t.id, i]));
  const segIndex = new Map(maps.segments.map((s, i) => [s.id, i]));
  const segsOfType: number[][] = maps.types.map(() => []);
  for (const t of maps.types) await node('ChainType', [t.id, t.name, t.nameEn]);
  for (const [i, s] of maps.segments.entries()) {
    await node('ChainSegment', [s.id, s.name, s.stage, s.order]);
    await link('HAS_SEGMENT', s.type, s.id);
    segsOfType[typeIndex.get(s.type) ?? 0]?.push(i);
  }
  const upstream: number[][] = maps.segments.map(() => []);
  const neighbours: number[][] = maps.segments.map(() => []);
  for (const f of maps.feeds) {
    await link('FEEDS', f.from, f.to);
    const a = segIndex.get(f.from) ?? 0;
    const b = segIndex.get(f.to) ?? 0;
    upstream[b]?.push(a);
    neighbours[a]?.push(b);
    neighbours[b]?.push(a);
  }

  // Zones, parks, chains and the Party organisations that exist per zone and per chain.
  const zoneIds: string[] = [];
  const parkIds: string[] = [];
  const parkStart = new Uint32Array(zoneCount + 1);
  const chainIds: string[] = [];
  const chainType: number[] = [];
  const chainZone: number[] = [];
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
    await node('Park', [zone, zh, en, 'ZONE', isNational ? 'NATIONAL' : 'PROVINCIAL']);
    parkStart[z] = parkIds.length;
    for (let p = 1, count = between(3, 8); p <= count; p += 1) {
      const park = `${zone}.p${p}`;
      parkIds.push(park);
      await node('Park', [park, `${zh}第${p}园区`, `${en} Park ${p}`, 'PARK', undefined]);
      await link('PART_OF', park, zone);
    }
    const working = `org:${slug}.wc`;
    await node('PartyOrganization', [working, `${zh}党工委`, 'WORKING_COMMITTEE']);
    await link('BELONGS_TO', working, zone);
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
      chainZone.push(z);
      committeeOf.push(committee);
      await node('IndustryChain', [
        chain,
        `${zh}${type?.name ?? ''}产业链`,
        `${en} ${type?.nameEn ?? ''} chain`,
      ]);
      await link('HAS_CHAIN', zone, chain);
      await link('OF_TYPE', chain, type?.id ?? '');
      await node('PartyOrganization', [
        committee,
        `${zh}${type?.name ?? ''}产业链联合党委`,
        'JOINT_COMMITTEE',
      ]);
      await link('GOVERNS', committee, chain);
      await link('REPORTS_TO', committee, working);
    }
  }
  parkStart[zoneCount] = parkIds.length;
  chainStart[zoneCount] = chainIds.length;

  // Enterprises: a zone by a Zipf-like skew, a park and a chain of that zone, a segment of the
  // chain's type and sometimes a neighbouring one too.
  const zoneWeights = cumulativeOf(zoneIds.map((_, i) => 1 / (i + 1) ** 0.8));
  const zoneOf = new Uint16Array(N);
  const chainOf = new Uint32Array(N);
  const seg1 = new Uint8Array(N);
  const seg2 = new Uint8Array(N).fill(255);
  const entId = (n: number): string => `ent:scale-${n}`;
  const total = 2 * N;
  const tick = (done: number): void => {
    if (onProgress && (done % 10_000 === 0 || done === total)) onProgress(done, total);
  };
  for (let n = 0; n < N; n += 1) {
    const z = pickCumulative(zoneWeights, rnd());
    const park = parkIds[(parkStart[z] ?? 0) + int((parkStart[z + 1] ?? 0) - (parkStart[z] ?? 0))] ?? '';
    const c = (chainStart[z] ?? 0) + int((chainStart[z + 1] ?? 0) - (chainStart[z] ?? 0));
    const segs = segsOfType[chainType[c] ?? 0] ?? [];
    const s = segs[int(segs.length)] ?? 0;
    zoneOf[n] = z;
    chainOf[n] = c;
    seg1[n] = s;
    if (rnd() < 0.3) {
      const near = neighbours[s] ?? [];
      if (near.length > 0) seg2[n] = near[int(near.length)] ?? 255;
    }
    const highTech = rnd() < 0.3;
    const level = rnd() < 0.1 ? ['NATIONAL', 'PROVINCIAL', 'MUNICIPAL'][int(3)] : undefined;
    const id = entId(n);
    await node('Enterprise', [
      id,
      `合成企业${n}`,
      `Synthetic Enterprise ${n}`,
      highTech ? true : undefined,
      level ? true : undefined,
      level,
    ]);
    await link('LOCATED_IN', id, park);
    await link('IN_CHAIN', id, chainIds[c] ?? '');
    await link('OPERATES_IN', id, maps.segments[s]?.id ?? '');
    if (seg2[n] !== 255) await link('OPERATES_IN', id, maps.segments[seg2[n] ?? 0]?.id ?? '');
    if (rnd() < 0.25) {
      const branch = `org:scale-${n}.branch`;
      await node('PartyOrganization', [branch, `合成企业${n}党支部`, 'BRANCH']);
      await link('BELONGS_TO', branch, id);
      await link('MEMBER_OF', branch, committeeOf[c] ?? '');
    }
    tick(n + 1);
  }

  // Supplier pools per segment in each zone and nationally; a chosen supplier is added again, so the
  // more customers a firm has the likelier it gets the next (preferential attachment: power-law degree).
  const local = new Map<number, number[]>();
  const national_ = new Map<number, number[]>();
  const join = (n: number, s: number): void => {
    const key = s * zoneCount + (zoneOf[n] ?? 0);
    let pool = local.get(key);
    if (!pool) local.set(key, (pool = []));
    pool.push(n);
    let all = national_.get(s);
    if (!all) national_.set(s, (all = []));
    all.push(n);
  };
  let buyers = 0;
  for (let n = 0; n < N; n += 1) {
    join(n, seg1[n] ?? 0);
    if (seg2[n] !== 255) join(n, seg2[n] ?? 0);
    if ((upstream[seg1[n] ?? 0]?.length ?? 0) + (upstream[seg2[n] ?? 0]?.length ?? 0) > 0) buyers += 1;
  }
  // Only firms with an upstream segment buy; scale their wish so the mean over all firms is on target.
  const meanWish = buyers > 0 ? (SUPPLIES_PER_ENTERPRISE * N) / buyers : 0;
  const customers = new Uint32Array(N);
  const chosen = new Set<number>();
  for (let n = 0; n < N; n += 1) {
    const ups = [
      ...(upstream[seg1[n] ?? 0] ?? []),
      ...(seg2[n] === 255 ? [] : (upstream[seg2[n] ?? 0] ?? [])),
    ];
    if (ups.length > 0) {
      chosen.clear();
      const wish = 1 + int(Math.max(1, Math.round(2 * meanWish - 1)));
      // A repeated pick is retried a bounded number of times, so small pools still reach the wish.
      for (let k = 0, tries = 0; k < wish && tries < 4 * wish; tries += 1) {
        const up = ups[int(ups.length)] ?? 0;
        const near = local.get(up * zoneCount + (zoneOf[n] ?? 0));
        const pool = near && near.length > 1 && rnd() < 0.8 ? near : national_.get(up);
        if (!pool) continue;
        const supplier = pool[int(pool.length)] ?? n;
        if (supplier === n || chosen.has(supplier)) continue;
        chosen.add(supplier);
        k += 1;
        await link('SUPPLIES', entId(supplier), entId(n));
        customers[supplier] = (customers[supplier] ?? 0) + 1;
        // Three more tickets per customer: a steeper skew than one, so a few hubs emerge at every size.
        near?.push(supplier, supplier, supplier);
        national_.get(up)?.push(supplier, supplier, supplier);
      }
    }
    tick(N + n + 1);
  }
  local.clear();
  national_.clear();

  // Chain-masters: per chain its firm with the most customers; firms of each zone for the rest.
  const best = new Int32Array(chainIds.length).fill(-1);
  const perChain = new Uint32Array(chainIds.length);
  const perZone = new Uint32Array(zoneCount);
  for (let n = 0; n < N; n += 1) {
    const c = chainOf[n] ?? 0;
    perChain[c] = (perChain[c] ?? 0) + 1;
    perZone[zoneOf[n] ?? 0] = (perZone[zoneOf[n] ?? 0] ?? 0) + 1;
    const b = best[c] ?? -1;
    if (b < 0 || (customers[n] ?? 0) > (customers[b] ?? 0)) best[c] = n;
  }
  for (let c = 0; c < chainIds.length; c += 1) {
    const b = best[c] ?? -1;
    if (b >= 0) await link('CHAIN_MASTER_OF', entId(b), chainIds[c] ?? '');
  }
  const zoneFirmStart = new Uint32Array(zoneCount + 1);
  for (let z = 0; z < zoneCount; z += 1) zoneFirmStart[z + 1] = (zoneFirmStart[z] ?? 0) + (perZone[z] ?? 0);
  const zoneFirms = new Uint32Array(N);
  const fill = zoneFirmStart.slice(0, zoneCount);
  for (let n = 0; n < N; n += 1) {
    const z = zoneOf[n] ?? 0;
    zoneFirms[fill[z] ?? 0] = n;
    fill[z] = (fill[z] ?? 0) + 1;
  }
  const firmOf = (z: number): string | undefined => {
    const count = (zoneFirmStart[z + 1] ?? 0) - (zoneFirmStart[z] ?? 0);
    return count > 0 ? entId(zoneFirms[(zoneFirmStart[z] ?? 0) + int(count)] ?? 0) : undefined;
  };
  const chainOfZone = (z: number): number =>
    (chainStart[z] ?? 0) + int((chainStart[z + 1] ?? 0) - (chainStart[z] ?? 0));

  // Institutions and their outcomes, projects that fill segments, and indicators, per zone.
  const statuses = ['SIGNED', 'BUILDING', 'PRODUCING', 'PLANNED'];
  const kinds = ['UNIVERSITY', 'INSTITUTE', 'LAB'];
  for (let z = 0; z < zoneCount; z += 1) {
    const zone = zoneIds[z] ?? '';
    const slug = zone.split(':')[1] ?? '';
    for (let i = 1, count = between(2, 3); i <= count; i += 1) {
      const inst = `inst:${slug}.i${i}`;
      await node('Institution', [
        inst,
        `合成研究院${slug.slice(6)}-${i}`,
        `Synthetic Institute ${slug.slice(6)}-${i}`,
        kinds[int(3)],
      ]);
      await link('PARTNERS_WITH', inst, chainIds[chainOfZone(z)] ?? '');
      await link('TRAINS_FOR', inst, chainIds[chainOfZone(z)] ?? '');
      const partners = new Set<string>();
      for (let k = 0; k < 3; k += 1) {
        const firm = firmOf(z);
        if (firm) partners.add(firm);
      }
      for (const firm of partners) await link('PARTNERS_WITH', inst, firm);
      const trainee = firmOf(z);
      if (trainee) await link('TRAINS_FOR', inst, trainee);
      for (let o = 1, outcomes = between(1, 2); o <= outcomes; o += 1) {
        const outcome = `outcome:${slug}.i${i}.o${o}`;
        const segs = segsOfType[chainType[chainOfZone(z)] ?? 0] ?? [];
        const s = segs[int(segs.length)] ?? 0;
        await node('Outcome', [outcome, `合成成果${slug.slice(6)}-${i}-${o}`]);
        await link('DEVELOPED', inst, outcome);
        await link('APPLIES_TO', outcome, maps.segments[s]?.id ?? '');
        const adopter = rnd() < 0.5 ? firmOf(z) : undefined;
        if (adopter) await link('TRANSFERS_TO', outcome, adopter);
      }
    }
    for (let p = 1, count = between(2, 4); p <= count; p += 1) {
      const project = `project:${slug}.j${p}`;
      const c = chainOfZone(z);
      const segs = segsOfType[chainType[c] ?? 0] ?? [];
      await node('Project', [
        project,
        `合成项目${slug.slice(6)}-${p}`,
        statuses[int(4)],
        1e7 * between(1, 500),
      ]);
      await link('IN_CHAIN', project, chainIds[c] ?? '');
      await link('FILLS', project, maps.segments[segs[int(segs.length)] ?? 0]?.id ?? '');
      await link(
        'LOCATED_IN',
        project,
        parkIds[(parkStart[z] ?? 0) + int((parkStart[z + 1] ?? 0) - (parkStart[z] ?? 0))] ?? zone,
      );
      const investor = firmOf(z);
      if (investor) await link('INVESTS_IN', investor, project);
    }
    await firmCount(`ind:${slug}.enterprises`, '合成企业数', 'enterprises', perZone[z] ?? 0, zone);
  }
  for (let c = 0; c < chainIds.length; c += 1) {
    const chain = chainIds[c] ?? '';
    const id = `ind:${chain.split(':')[1] ?? ''}.enterprises`;
    await firmCount(id, '链上企业数', 'chain_enterprises', perChain[c] ?? 0, chain);
  }

  const writers = [...Object.values(nodeOut), ...Object.values(relOut)];
  await Promise.all(writers.map((w) => w.close()));
  const nodes: Record<string, number> = {};
  for (const [label, w] of Object.entries(nodeOut)) nodes[label] = w.rows;
  const relationships: Record<string, number> = {};
  for (const [type, w] of Object.entries(relOut)) relationships[type] = w.rows;
  return {
    dir: options.outDir,
    files: writers.map((w) => path.basename(w.path)).sort(),
    nodes,
    relationships,
    ms: Date.now() - started,
  };
}
