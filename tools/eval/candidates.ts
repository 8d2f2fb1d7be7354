/**
 * Measures the fill-candidate ranking instead of asserting it: on a synthetic data set, hide a share of
 * the known enterprise → segment links, ask for candidates for each hidden link's segment on a chain of
 * another zone, and count how many of the top k are hidden links (precision@k), beside what a random
 * pick from the same pool would score. The ranking is the API's own statement (candidateCypher).
 */
import type { Neo4jGateway } from '../../src/db/neo4j';
import { applySchema } from '../../src/db/schema';
import { candidateCypher } from '../../src/analysis/statements/candidates';
import { loadFiles } from '../../src/seed/loader';
import { generate, random, type SyntheticOptions } from '../synthetic/generate';

export interface EvalOptions extends SyntheticOptions {
  /** Share of the enterprise → segment links to hide. */
  hide: number;
  ks: number[];
}

interface EvalResult {
  k: number;
  precision: number;
  randomBaseline: number;
  lift: number;
}

export interface EvalReport {
  options: EvalOptions;
  hiddenLinks: number;
  queries: number;
  results: EvalResult[];
  millis: number;
}

const round = (x: number): number => Math.round(x * 10000) / 10000;

/** Runs the whole procedure on a scratch database, which it empties first. */
export async function evaluateCandidates(gateway: Neo4jGateway, options: EvalOptions): Promise<EvalReport> {
  const started = Date.now();
  await gateway.write({ name: 'eval/reset', cypher: 'MATCH (n) DETACH DELETE n' });
  await applySchema(gateway);
  const data = generate(options);
  await loadFiles(gateway, [{ file: 'synthetic.json', content: data.content }]);

  // Hide a random share of the segment memberships.
  const rnd = random(options.seed + 1);
  const links = [...data.segmentsOf].flatMap(([e, segments]) => segments.map((s) => ({ e, s })));
  const hidden = links.filter(() => rnd() < options.hide);
  await gateway.write({
    name: 'eval/hide',
    cypher:
      'UNWIND $pairs AS p MATCH (:Enterprise {id: p.e})-[r:OPERATES_IN]->(:ChainSegment {id: p.s}) DELETE r',
    params: { pairs: hidden },
  });
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

  const enterprises = [...data.zoneOf.keys()];
  const maxK = Math.max(...options.ks);
  const sums = options.ks.map(() => ({ precision: 0, baseline: 0 }));
  const cypher = `${candidateCypher('e {id: e.id}', 'i {id: i.id}')}\nRETURN coalesce(enterprises, []) AS enterprises`;
  for (const { zone, chain, segment } of queries.values()) {
    const relevant = new Set(
      hidden.filter((h) => h.s === segment && data.zoneOf.get(h.e) !== zone).map((h) => h.e),
    );
    const pool = enterprises.filter(
      (e) => data.zoneOf.get(e) !== zone && !known.has(`${e}|${segment}`),
    ).length;
    const [row] = await gateway.read({
      name: 'eval/candidates',
      cypher,
      params: { chain, segment, first: maxK, predictedOnly: true },
    });
    const ranked = ((row?.enterprises as { enterprise: { id: string } }[] | undefined) ?? []).map(
      (c) => c.enterprise.id,
    );
    options.ks.forEach((k, i) => {
      const hits = ranked.slice(0, k).filter((id) => relevant.has(id)).length;
      const sum = sums[i];
      sum.precision += hits / k;
      sum.baseline += pool === 0 ? 0 : relevant.size / pool;
    });
  }
  const n = Math.max(1, queries.size);
  return {
    options,
    hiddenLinks: hidden.length,
    queries: queries.size,
    results: options.ks.map((k, i) => {
      const sum = sums[i];
      const precision = sum.precision / n;
      const randomBaseline = sum.baseline / n;
      return {
        k,
        precision: round(precision),
        randomBaseline: round(randomBaseline),
        lift: round(randomBaseline === 0 ? 0 : precision / randomBaseline),
      };
    }),
    millis: Date.now() - started,
  };
}

/** The report as a table for the terminal. */
export function formatReport(report: EvalReport): string {
  const o = report.options;
  const lines = [
    `candidate ranking on synthetic data: ${o.enterprises} enterprises, ${o.zones} zones, seed ${o.seed}; ` +
      `${report.hiddenLinks} of the enterprise → segment links hidden (${o.hide * 100}%), ${report.queries} queries, ${(report.millis / 1000).toFixed(1)} s`,
    '| k | precision@k | random baseline | lift |',
    '| --- | --- | --- | --- |',
    ...report.results.map(
      (r) =>
        `| ${r.k} | ${r.precision.toFixed(4)} | ${r.randomBaseline.toFixed(4)} | ${r.lift.toFixed(1)}× |`,
    ),
  ];
  return lines.join('\n');
}
