/**
 * The files of the national-scale set: one CSV per label and per relationship type, in the import
 * format, each record citing the set's source. Their names sort in load order (nodes, then links).
 */
import path from 'node:path';
import { CsvWriter } from './csv-writer';

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

export const pad = (n: number, width = 3): string => String(n).padStart(width, '0');

/** Writes records into the set's files; `close` ends them and counts what each holds. */
export interface ScaleFiles {
  node(label: NodeFile, cells: (string | number | boolean | undefined)[]): Promise<void>;
  link(type: RelType, from: string, to: string): Promise<void>;
  close(): Promise<{
    files: string[];
    nodes: Record<string, number>;
    relationships: Record<string, number>;
  }>;
}

/** Opens every file of the set in `outDir`; `cite` is the source each record but a Source cites. */
export function openScaleFiles(outDir: string, cite: string[]): ScaleFiles {
  const nodeOut = {} as Record<NodeFile, CsvWriter>;
  (Object.keys(NODE_FILES) as NodeFile[]).forEach((label, i) => {
    nodeOut[label] = new CsvWriter(path.join(outDir, `n${pad(i, 2)}-${label}.csv`), NODE_FILES[label]);
  });
  const relOut = {} as Record<RelType, CsvWriter>;
  REL_TYPES.forEach((type, i) => {
    relOut[type] = new CsvWriter(path.join(outDir, `r${pad(i, 2)}-${type}.csv`), [
      'type',
      'from',
      'to',
      'sources[]',
    ]);
  });
  return {
    node: (label, cells) => nodeOut[label].row([label, ...cells, ...(label === 'Source' ? [] : [cite])]),
    link: (type, from, to) => relOut[type].row([type, from, to, cite]),
    async close() {
      const writers = [...Object.values(nodeOut), ...Object.values(relOut)];
      await Promise.all(writers.map((w) => w.close()));
      const nodes: Record<string, number> = {};
      for (const [label, w] of Object.entries(nodeOut)) nodes[label] = w.rows;
      const relationships: Record<string, number> = {};
      for (const [type, w] of Object.entries(relOut)) relationships[type] = w.rows;
      return { files: writers.map((w) => path.basename(w.path)).sort(), nodes, relationships };
    },
  };
}
