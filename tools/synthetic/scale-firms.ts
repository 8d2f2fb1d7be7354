/**
 * The enterprises of the national-scale set: where each one is (a zone by a Zipf-like skew), whom it
 * buys from (preferential attachment, so out-degrees follow a power law), and each chain's master.
 * Per enterprise only a few typed-array slots are kept, so a million fits in Node's default heap.
 */
import { cumulativeOf, pickCumulative, type Draw } from './scale-draw';
import type { ScaleFiles } from './scale-files';
import { chainOfZone, parkOf, type ChainMaps, type Flow, type Zones } from './scale-zones';

/** Mean supplier edges per enterprise the SUPPLIES generation aims at. */
const SUPPLIES_PER_ENTERPRISE = 5;
/** No second segment, in `seg2`. */
const NONE = 255;

/** Enterprise n's zone, chain and segments (`seg2` NONE when it works in one only). */
export interface Firms {
  count: number;
  zoneOf: Uint16Array;
  chainOf: Uint32Array;
  seg1: Uint8Array;
  seg2: Uint8Array;
}

const entId = (n: number): string => `ent:scale-${n}`;

/**
 * Each enterprise in a zone, a park and a chain of that zone, a segment of the chain's type and
 * sometimes a neighbouring one too, with a Party branch for a quarter of them.
 */
export async function writeEnterprises(
  out: ScaleFiles,
  draw: Draw,
  input: { count: number; maps: ChainMaps; flow: Flow; zones: Zones },
  tick: (done: number) => void,
): Promise<Firms> {
  const { count: N, maps, flow, zones } = input;
  const { rnd, int } = draw;
  const zoneWeights = cumulativeOf(zones.zoneIds.map((_, i) => 1 / (i + 1) ** 0.8));
  const firms: Firms = {
    count: N,
    zoneOf: new Uint16Array(N),
    chainOf: new Uint32Array(N),
    seg1: new Uint8Array(N),
    seg2: new Uint8Array(N).fill(NONE),
  };
  for (let n = 0; n < N; n += 1) {
    const z = pickCumulative(zoneWeights, rnd());
    const park = parkOf(zones, draw, z) ?? '';
    const c = chainOfZone(zones, draw, z);
    const segs = flow.segsOfType[zones.chainType[c] ?? 0] ?? [];
    const s = segs[int(segs.length)] ?? 0;
    firms.zoneOf[n] = z;
    firms.chainOf[n] = c;
    firms.seg1[n] = s;
    if (rnd() < 0.3) {
      const near = flow.neighbours[s] ?? [];
      if (near.length > 0) firms.seg2[n] = near[int(near.length)] ?? NONE;
    }
    const highTech = rnd() < 0.3;
    const level = rnd() < 0.1 ? ['NATIONAL', 'PROVINCIAL', 'MUNICIPAL'][int(3)] : undefined;
    const id = entId(n);
    await out.node('Enterprise', [
      id,
      `合成企业${n}`,
      `Synthetic Enterprise ${n}`,
      highTech ? true : undefined,
      level ? true : undefined,
      level,
    ]);
    await out.link('LOCATED_IN', id, park);
    await out.link('IN_CHAIN', id, zones.chainIds[c] ?? '');
    await out.link('OPERATES_IN', id, maps.segments[s]?.id ?? '');
    if (firms.seg2[n] !== NONE)
      await out.link('OPERATES_IN', id, maps.segments[firms.seg2[n] ?? 0]?.id ?? '');
    if (rnd() < 0.25) {
      const branch = `org:scale-${n}.branch`;
      await out.node('PartyOrganization', [branch, `合成企业${n}党支部`, 'BRANCH']);
      await out.link('BELONGS_TO', branch, id);
      await out.link('MEMBER_OF', branch, zones.committeeOf[c] ?? '');
    }
    tick(n + 1);
  }
  return firms;
}

/**
 * SUPPLIES edges from supplier pools per segment in each zone and nationally; a chosen supplier is
 * added again, so the more customers a firm has the likelier it gets the next. Returns each firm's
 * number of customers.
 */
export async function writeSupplies(
  out: ScaleFiles,
  { rnd, int }: Draw,
  input: { flow: Flow; zones: Zones; firms: Firms },
  tick: (done: number) => void,
): Promise<Uint32Array> {
  const { flow, firms } = input;
  const { zoneCount } = input.zones;
  const { count: N, zoneOf, seg1, seg2 } = firms;
  const { upstream } = flow;
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
    if (seg2[n] !== NONE) join(n, seg2[n] ?? 0);
    if ((upstream[seg1[n] ?? 0]?.length ?? 0) + (upstream[seg2[n] ?? 0]?.length ?? 0) > 0) buyers += 1;
  }
  // Only firms with an upstream segment buy; scale their wish so the mean over all firms is on target.
  const meanWish = buyers > 0 ? (SUPPLIES_PER_ENTERPRISE * N) / buyers : 0;
  const customers = new Uint32Array(N);
  const chosen = new Set<number>();
  for (let n = 0; n < N; n += 1) {
    const ups = [
      ...(upstream[seg1[n] ?? 0] ?? []),
      ...(seg2[n] === NONE ? [] : (upstream[seg2[n] ?? 0] ?? [])),
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
        await out.link('SUPPLIES', entId(supplier), entId(n));
        customers[supplier] = (customers[supplier] ?? 0) + 1;
        // Three more tickets per customer: a steeper skew than one, so a few hubs emerge at every size.
        near?.push(supplier, supplier, supplier);
        national_.get(up)?.push(supplier, supplier, supplier);
      }
    }
    tick(N + n + 1);
  }
  return customers;
}

/** Firms counted per chain and per zone, and a way to draw a firm of a zone. */
export interface Headcount {
  perChain: Uint32Array;
  perZone: Uint32Array;
  /** A firm of zone z drawn evenly, or undefined when the zone has none. */
  firmOf: (z: number) => string | undefined;
}

/** Per chain its firm with the most customers is its chain-master. */
export async function writeChainMasters(
  out: ScaleFiles,
  { int }: Draw,
  input: { zones: Zones; firms: Firms; customers: Uint32Array },
): Promise<Headcount> {
  const { zones, firms, customers } = input;
  const { zoneCount, chainIds } = zones;
  const { count: N, zoneOf, chainOf } = firms;
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
    if (b >= 0) await out.link('CHAIN_MASTER_OF', entId(b), chainIds[c] ?? '');
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
  return { perChain, perZone, firmOf };
}
