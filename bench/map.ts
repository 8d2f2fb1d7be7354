/**
 * `npm run bench:map -- [--enterprises 100000] [--seed 1] [--runs 5] [--stop-db]`
 *
 * Time to first drawn map: the service over the bench's own Neo4j and synthetic data set (the same as
 * `npm run bench`), the map page opened in Debian's chromium for the zone of median size and the largest
 * zone, each on its chain with the most enterprises; from navigation start to mapState 'ready', with the
 * GraphQL requests' share. Target: under 1 s. See bench/README.md, "Time to first map".
 */
import type { Browser } from 'playwright-core';
import { stopManaged } from '../src/db/provision';
import { startApi, type ApiChild } from './children';
import { ensureDataSet, openBenchDatabase, rawDriver } from './data';
import { launchChromium } from '../tools/chromium';
import { visitMap, type Visit } from './map-page';
import { pickZones, type ZoneTarget } from './zones';

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const TARGET_MS = 1000;

interface MapOptions {
  enterprises: number;
  seed: number;
  runs: number;
  stopDb: boolean;
}

export function parseMapArgs(args: string[]): MapOptions {
  const options: MapOptions = { enterprises: 100_000, seed: 1, runs: 5, stopDb: false };
  const limits = { enterprises: [10, 10_000_000], seed: [0, 2 ** 31], runs: [1, 100] } as const;
  for (let i = 0; i < args.length; i += 1) {
    const name = (args[i] ?? '').replace(/^--/, '');
    if (name === 'stop-db') {
      options.stopDb = true;
      continue;
    }
    if (!(name in limits))
      throw new Error(`unknown option ${args[i]}; known: --enterprises, --seed, --runs, --stop-db`);
    const [min, max] = limits[name as keyof typeof limits];
    const value = Number(args[i + 1]);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`--${name} ${String(args[i + 1])}: expected an integer ${min}..${max}`);
    options[name as keyof typeof limits] = value;
    i += 1;
  }
  return options;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};
const ms = (x: number): string => `${x.toFixed(0)} ms`;

/** Each operation's name, how many times a run sent it and the median of its time per run. */
function operations(visits: Visit[]): string {
  const names = [...new Set(visits.flatMap((v) => v.operations.map(([name]) => name)))];
  return names
    .map((name) => {
      const mine = visits.map((v) => v.operations.filter(([n]) => n === name));
      const count = median(mine.map((ops) => ops.length));
      const time = median(mine.map((ops) => ops.reduce((sum, [, t]) => sum + t, 0)));
      return `${name}${count === 1 ? '' : ` ×${count}`} ${ms(time)}`;
    })
    .join(', ');
}

function report(target: ZoneTarget, first: Visit, visits: Visit[]): string[] {
  const ready = visits.map((v) => v.readyMs);
  const max = Math.max(...ready);
  const verdict = (x: number): string => (x < TARGET_MS ? 'PASS' : 'FAIL');
  return [
    `${target.label}: ${target.zone} (${target.zoneEnterprises} enterprises), ${target.chain} (${target.chainEnterprises} in the chain), ${visits[0]?.segments ?? 0} segments drawn`,
    `  first visit after the service started: ${ms(first.readyMs)} (GraphQL ${ms(first.graphqlWallMs)})`,
    `  ${visits.length} runs, navigation start to mapState ready: median ${ms(median(ready))}, max ${ms(max)}; runs ${ready.map((x) => x.toFixed(0)).join(', ')}`,
    `  GraphQL in flight before ready: median ${ms(median(visits.map((v) => v.graphqlWallMs)))} of it ` +
      `(${median(visits.map((v) => v.graphqlRequests))} requests, ${ms(median(visits.map((v) => v.graphqlSumMs)))} summed); ` +
      `HTML answered at median ${ms(median(visits.map((v) => v.htmlMs)))}`,
    `  GraphQL operations before ready (per run, median): ${operations(visits)}`,
    `  target under ${TARGET_MS} ms: median ${verdict(median(ready))}, max ${verdict(max)}`,
  ];
}

export async function runMapBench(options: MapOptions): Promise<string[]> {
  const db = await openBenchDatabase(log);
  const driver = rawDriver(db.connection, 4);
  let api: ApiChild | undefined;
  let browser: Browser | undefined;
  try {
    await ensureDataSet(db, driver, options, log);
    const zones = await pickZones(db.gateway);
    const targets = [zones.median, zones.largest];
    api = await startApi('ours', db.connection);
    log(`bench: the service answered ${ms(api.coldStartMs)} after spawn`);
    browser = await launchChromium();
    const base = api.url.replace(/\/graphql$/, '');
    const lines = [`time to first drawn map, ${options.enterprises} enterprises (seed ${options.seed})`];
    for (const target of targets) {
      const url = `${base}/map?${new URLSearchParams({ zone: target.zone, chain: target.chain }).toString()}`;
      log(`bench: ${target.label}: ${url}`);
      const first = await visitMap(browser, url);
      const visits: Visit[] = [];
      for (let i = 0; i < options.runs; i += 1) visits.push(await visitMap(browser, url));
      lines.push(...report(target, first, visits));
    }
    return lines;
  } finally {
    await browser?.close();
    await api?.stop();
    await driver.close();
    await db.gateway.close();
    if (options.stopDb) log(`bench: ${await stopManaged(db.config)}`);
  }
}

/** Entry point for scripts/bootstrap.mjs: argv is ['bench:map', ...options]. Resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let options: MapOptions;
  try {
    options = parseMapArgs(argv.slice(argv[0] === 'bench:map' ? 1 : 0));
  } catch (error) {
    log(`bench:map: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    process.stdout.write(`\n${(await runMapBench(options)).join('\n')}\n`);
    return 0;
  } catch (error) {
    log(`bench:map failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
