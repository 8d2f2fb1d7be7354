/**
 * Measures the fill-candidate ranking instead of asserting it: on a synthetic data set, hide a share of
 * the known enterprise → segment links, ask for candidates for each hidden link's segment on a chain of
 * another zone, and count how many of the top k are hidden links (precision@k). Beside it, under the
 * same holdout and on the same candidates: the standard link-prediction baselines alone (common
 * neighbours, Adamic-Adar, preferential attachment) and a random pick from every enterprise that could
 * be one. The ranking is the API's own statement (candidateCypher).
 */
import type { Neo4jGateway } from '../../src/db/neo4j';
import { applySchema } from '../../src/db/schema';
import { candidateCypher } from '../../src/analysis/statements/candidates';
import { PROXIMITY } from '../../src/db/fragments';
import { validateSeed } from '../../src/import/format';
import { writeValidated } from '../../src/import/write-set';
import { generate, random, type SyntheticOptions } from '../synthetic/generate';

export interface EvalOptions extends SyntheticOptions {
  /** Share of the enterprise → segment links to hide. */
  hide: number;
  ks: number[];
  /** At most this many queries, a seeded sample of them; 0 for all. */
  maxQueries?: number;
  /** Called after each query with how many are done, of how many; a long run says where it is. */
  onProgress?: (done: number, total: number) => void;
}

/** The rankings measured: the API's own score, and the standard link-prediction baselines alone. */
export const RANKINGS = ['ours', 'commonNeighbours', 'adamicAdar', 'preferentialAttachment'] as const;
export type Ranking = (typeof RANKINGS)[number];

interface EvalResult {
  k: number;
  /** precision@k of each ranking, averaged over the queries. */
  precision: Record<Ranking, number>;
  randomBaseline: number;
  /** Ours over the best baseline (not random). */
  liftOverBestBaseline: number;
  lift: number;
}

export interface EvalReport {
  options: EvalOptions;
  hiddenLinks: number;
  queries: number;
  /** The (zone, segment) queries the holdout gives; `queries` is all of them unless sampled. */
  possibleQueries: number;
  /** Mean number of candidates the statement ranked per query (the pool every ranking orders). */
  meanPool: number;
  results: EvalResult[];
  millis: number;
}

/** One candidate as the evaluation reads it: the statement's evidence and the candidate's degree. */
interface Ranked {
  id: string;
  degree: number;
  commonNeighbours: number;
  adamicAdar: number;
}

/**
 * The baselines order the same candidates the statement ranked, each by one feature alone, ties by id
 * as the statement breaks them. Preferential attachment for the link (candidate, chain) is the
 * candidate's degree × the chain's firms' total degree; the second factor is the same for every
 * candidate of a query, so the order is the candidates' degree.
 */
function order(candidates: Ranked[], ranking: Exclude<Ranking, 'ours'>): string[] {
  const key = (c: Ranked): number =>
    ranking === 'preferentialAttachment'
      ? c.degree
      : ranking === 'adamicAdar'
        ? c.adamicAdar
        : c.commonNeighbours;
  return [...candidates]
    .sort((a, b) => key(b) - key(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((c) => c.id);
}

const round = (x: number): number => Math.round(x * 10000) / 10000;

const HIDE_BATCH = 2000;
const LOAD_TIMEOUT_MS = 1_200_000;

/** `first` for the evaluation: every candidate, so each ranking orders the same whole pool. */
const ALL = 1_000_000;

/** Runs the whole procedure on a scratch database, which it empties first. */
export async function evaluateCandidates(gateway: Neo4jGateway, options: EvalOptions): Promise<EvalReport> {
  const started = Date.now();
  // In batches too: a 100k set left by an earlier run is more than one transaction's memory, and so is
  // one zone node with all its relationships; relationships go first, then the bare nodes.
  for (const cypher of [
    'MATCH ()-[r]->() WITH r LIMIT 10000 DELETE r RETURN count(*) AS deleted',
    'MATCH (n) WITH n LIMIT 10000 DELETE n RETURN count(*) AS deleted',
  ]) {
    for (let deleted = Infinity; deleted > 0;) {
      const [row] = await gateway.write({ name: 'eval/reset', cypher });
      deleted = Number(row?.deleted ?? 0);
    }
  }
  await applySchema(gateway);
  const data = generate(options);
  // The seed's own validation and writer, with a longer limit than a seed load's 120 s: on a shared
  // machine the 100k set took longer than that in its one transaction.
  await writeValidated(
    gateway,
    ['synthetic.json'],
    validateSeed([{ file: 'synthetic.json', content: data.content }]),
    { timeoutMs: LOAD_TIMEOUT_MS },
  );

  // Hide a random share of the segment memberships.
  const rnd = random(options.seed + 1);
  const links = [...data.segmentsOf].flatMap(([e, segments]) => segments.map((s) => ({ e, s })));
  const hidden = links.filter(() => rnd() < options.hide);
  // In batches, each from the enterprise's id: at 100k enterprises one statement, or one that starts at
  // a segment with thousands of members, ran past the transaction time limit.
  for (let at = 0; at < hidden.length; at += HIDE_BATCH) {
    await gateway.write({
      name: 'eval/hide',
      cypher:
        'UNWIND $pairs AS p MATCH (:Enterprise {id: p.e})-[r:OPERATES_IN]->(s:ChainSegment) WHERE s.id = p.s DELETE r',
      params: { pairs: hidden.slice(at, at + HIDE_BATCH) },
    });
  }
  const known = new Set(links.map((l) => `${l.e}|${l.s}`));
  for (const h of hidden) known.delete(`${h.e}|${h.s}`);

  // One query per (zone, segment): for each hidden link, a chain of its segment's type in another zone.
  const queries = new Map<string, { zone: string; chain: string; segment: string }>();
  const zonesOfType = new Map<string, [string, string][]>();
  for (const [zone, chains] of data.chainsOfZone) {
    for (const chain of chains) {
      const type = `chaintype:${chain.split('.').slice(1).join('.')}`;
      zonesOfType.set(type, [...(zonesOfType.get(type) ?? []), [zone, chain]]);
    }
  }
  for (const { e, s } of hidden) {
    const options2 = (zonesOfType.get(data.typeOfSegment.get(s) ?? '') ?? []).filter(
      ([z]) => z !== data.zoneOf.get(e),
    );
    if (options2.length === 0) continue;
    const [zone, chain] = options2[Math.floor(rnd() * options2.length)];
    queries.set(`${zone}|${s}`, { zone, chain, segment: s });
  }

  // A large set has more (zone, segment) pairs than one run should ask: a seeded sample keeps it short.
  const asked = [...queries.values()];
  const max = options.maxQueries ?? 0;
  while (max > 0 && asked.length > max) asked.splice(Math.floor(rnd() * asked.length), 1);
  const enterprises = [...data.zoneOf.keys()];
  const sums = options.ks.map(() => ({
    precision: Object.fromEntries(RANKINGS.map((r) => [r, 0])) as Record<Ranking, number>,
    baseline: 0,
  }));
  // Every candidate the statement ranks, in its order, with the candidate's degree for the baselines.
  const cypher = `${candidateCypher(`e {id: e.id, degree: COUNT { (e)-[:${PROXIMITY}]-() }}`, 'i {id: i.id}')}\nRETURN coalesce(enterprises, []) AS enterprises`;
  let pooled = 0;
  let done = 0;
  for (const { zone, chain, segment } of asked) {
    const relevant = new Set(
      hidden.filter((h) => h.s === segment && data.zoneOf.get(h.e) !== zone).map((h) => h.e),
    );
    const pool = enterprises.filter(
      (e) => data.zoneOf.get(e) !== zone && !known.has(`${e}|${segment}`),
    ).length;
    const [row] = await gateway.read({
      name: 'eval/candidates',
      cypher,
      params: { chain, segment, first: ALL, predictedOnly: true },
    });
    const candidates = (
      (row?.enterprises as
        | {
            enterprise: { id: string; degree: number };
            evidence: { commonNeighbours: number; adamicAdar: number };
          }[]
        | undefined) ?? []
    ).map((c) => ({ id: c.enterprise.id, degree: c.enterprise.degree, ...c.evidence }));
    pooled += candidates.length;
    options.onProgress?.(++done, asked.length);
    const ranked: Record<Ranking, string[]> = {
      ours: candidates.map((c) => c.id),
      commonNeighbours: order(candidates, 'commonNeighbours'),
      adamicAdar: order(candidates, 'adamicAdar'),
      preferentialAttachment: order(candidates, 'preferentialAttachment'),
    };
    options.ks.forEach((k, i) => {
      const sum = sums[i];
      for (const ranking of RANKINGS)
        sum.precision[ranking] += ranked[ranking].slice(0, k).filter((id) => relevant.has(id)).length / k;
      sum.baseline += pool === 0 ? 0 : relevant.size / pool;
    });
  }
  const n = Math.max(1, asked.length);
  return {
    options,
    hiddenLinks: hidden.length,
    queries: asked.length,
    possibleQueries: queries.size,
    meanPool: round(pooled / n),
    results: options.ks.map((k, i) => {
      const sum = sums[i];
      const precision = Object.fromEntries(RANKINGS.map((r) => [r, round(sum.precision[r] / n)])) as Record<
        Ranking,
        number
      >;
      const randomBaseline = sum.baseline / n;
      const best = Math.max(...RANKINGS.filter((r) => r !== 'ours').map((r) => precision[r]));
      return {
        k,
        precision,
        randomBaseline: round(randomBaseline),
        liftOverBestBaseline: round(best === 0 ? 0 : precision.ours / best),
        lift: round(randomBaseline === 0 ? 0 : precision.ours / randomBaseline),
      };
    }),
    millis: Date.now() - started,
  };
}

/** The report as a table for the terminal. */
export function formatReport(report: EvalReport): string {
  const o = report.options;
  const cell = (x: number): string => x.toFixed(4);
  const lines = [
    `candidate ranking on synthetic data: ${o.enterprises} enterprises, ${o.zones} zones, seed ${o.seed}; ` +
      `${report.hiddenLinks} of the enterprise → segment links hidden (${o.hide * 100}%), ${report.queries} of ${report.possibleQueries} queries, ` +
      `${report.meanPool.toFixed(1)} candidates ranked per query on average, ${(report.millis / 1000).toFixed(1)} s`,
    '| k | ours | common neighbours | Adamic-Adar | preferential attachment | random | ours / best baseline | ours / random |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...report.results.map(
      (r) =>
        `| ${r.k} | ${cell(r.precision.ours)} | ${cell(r.precision.commonNeighbours)} | ${cell(r.precision.adamicAdar)} | ` +
        `${cell(r.precision.preferentialAttachment)} | ${cell(r.randomBaseline)} | ${r.liftOverBestBaseline.toFixed(2)}× | ${r.lift.toFixed(1)}× |`,
    ),
  ];
  return lines.join('\n');
}
