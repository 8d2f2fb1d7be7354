/**
 * A national-scale synthetic set for measuring import and queries: 178 national and 89 provincial
 * zones with their parks, chains of the curated chain types, joint committees, N enterprises with a
 * Zipf-like skew over zones, supply edges along the segment flow with preferential attachment,
 * chain-masters, Party branches, institutions, outcomes, projects and indicators. It is written as CSV
 * files in the import format, streamed, and deterministic: the same options give byte-identical files.
 * Per enterprise it keeps only a few typed-array slots, so a million fits in Node's default heap.
 * This file runs the steps in order (they share one seeded stream of draws); each is in a scale-*.ts.
 */
import { mkdirSync } from 'node:fs';
import { fromRoot } from '../../src/paths';
import { curatedChainMaps } from './generate';
import { drawFrom } from './scale-draw';
import { openScaleFiles } from './scale-files';
import { writeChainMasters, writeEnterprises, writeSupplies } from './scale-firms';
import { writeResearchAndProjects } from './scale-research';
import { writeChainMaps, writeZones } from './scale-zones';

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

/** Where a set of this size and seed goes by default (.data/ is git-ignored). */
export function defaultScaleDir(enterprises: number, seed: number): string {
  return fromRoot('.data', `synthetic-${enterprises}-s${seed}`);
}

/** Writes the set into options.outDir; onProgress counts enterprise steps (placement, then supply). */
export async function writeScaleSet(
  options: ScaleOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<ScaleReport> {
  const started = Date.now();
  const N = Math.floor(options.enterprises);
  const national = Math.floor(options.zones ?? NATIONAL_ZONES);
  const draw = drawFrom(options.seed);
  const maps = curatedChainMaps();
  const total = 2 * N;
  const tick = (done: number): void => {
    if (onProgress && (done % 10_000 === 0 || done === total)) onProgress(done, total);
  };

  mkdirSync(options.outDir, { recursive: true });
  const out = openScaleFiles(options.outDir, [SCALE_SOURCE]);
  await out.node('Source', [
    SCALE_SOURCE,
    `合成规模数据集（${N} 家企业，种子 ${options.seed}）`,
    'generated',
    'npm run generate',
    'SYNTHETIC',
  ]);
  const flow = await writeChainMaps(out, maps);
  const zones = await writeZones(out, draw, maps, national);
  const firms = await writeEnterprises(out, draw, { count: N, maps, flow, zones }, tick);
  const customers = await writeSupplies(out, draw, { flow, zones, firms }, tick);
  const headcount = await writeChainMasters(out, draw, { zones, firms, customers });
  await writeResearchAndProjects(out, draw, { maps, flow, zones, headcount });
  const written = await out.close();
  return { dir: options.outDir, ...written, ms: Date.now() - started };
}
