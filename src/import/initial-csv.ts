/**
 * Pass 2 of the initial load: the validated files read again and written as the offline importer's CSV
 * (admin-csv.ts), with the CITES edges the online import derives from each node's `sources`. The
 * online import MERGEs, so a relationship given twice (same type and ends) is stored once; the
 * offline importer would store it twice, so repeats are found here (every edge as one exact number,
 * sorted) and the load is refused before the database is touched.
 */
import { labelOfId, RELATIONSHIP_TYPES, type NodeLabel } from '../model/registry';
import type { Progress } from '../progress';
import { AdminCsvWriter, type AdminCsvSet } from './admin-csv';
import type { Validated } from './bulk-check';
import { SeedValidationError } from './format';
import { readRecords } from './records';

/** Node and type numbers of an edge's key: 2^24 nodes each way and 2^5 types stay within 2^53. */
const NODE_BITS = 2 ** 24;
// RELATIONSHIP_TYPES may name CITES too: a type listed twice would decode to the wrong name.
const TYPE_OF = new Map<string, number>([...new Set(['CITES', ...RELATIONSHIP_TYPES])].map((t, i) => [t, i]));

/** Every edge's key, in a growable typed array: 8 bytes an edge instead of a string in a Set. */
class EdgeKeys {
  private keys = new Float64Array(1 << 20);
  private size = 0;
  private readonly index = new Map<string, number>();

  nodeIndex(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) this.index.set(id, (i = this.index.size));
    return i;
  }

  add(type: string, from: string, to: string): void {
    if (this.size === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    const t = TYPE_OF.get(type) ?? 0;
    this.keys[this.size++] = (t * NODE_BITS + this.nodeIndex(from)) * NODE_BITS + this.nodeIndex(to);
  }

  /** How many edges repeat an earlier one, and the first few repeated keys decoded. */
  repeats(): { count: number; examples: string[] } {
    if (this.index.size > NODE_BITS) throw new Error(`more than ${NODE_BITS} nodes: edge keys would collide`);
    const sorted = this.keys.subarray(0, this.size).sort();
    const ids = [...this.index.keys()];
    const types = [...TYPE_OF.keys()];
    let count = 0;
    const examples: string[] = [];
    for (let i = 1; i < sorted.length; i += 1) {
      const key = sorted[i] ?? 0;
      if (key !== sorted[i - 1]) continue;
      count += 1;
      if (examples.length < 5) {
        const to = key % NODE_BITS;
        const rest = (key - to) / NODE_BITS;
        const from = rest % NODE_BITS;
        examples.push(`${types[(rest - from) / NODE_BITS]} ${ids[from]}->${ids[to]}`);
      }
    }
    return { count, examples };
  }
}

/** Writes the validated set as the importer's CSV into `dir`; throws SeedValidationError on repeated edges. */
export async function writeAdminCsv(
  valid: Validated,
  dir: string,
  progress?: Progress,
): Promise<AdminCsvSet & { rows: number }> {
  const out = new AdminCsvWriter(dir);
  const edges = new EdgeKeys();
  for (const source of valid.sources) {
    out.node('Source', source);
    edges.nodeIndex(String(source.id));
    progress?.tick(1);
  }
  for (const kind of ['node', 'relationship'] as const) {
    for (const { file, kinds } of valid.files) {
      if (!kinds.includes(kind)) continue;
      for await (const { group, record } of readRecords(file, kind)) {
        progress?.tick(1);
        if (kind === 'node') {
          if (group === 'Source') continue;
          const label = group as NodeLabel;
          out.node(label, record);
          const id = String(record.id);
          // MERGE (n)-[:CITES]->(s) once per source, however often the list names it.
          for (const source of new Set((record.sources as unknown[] | undefined) ?? [])) {
            out.relationship('CITES', label, 'Source', { from: id, to: String(source) });
            edges.nodeIndex(id);
          }
          edges.nodeIndex(id);
          continue;
        }
        const from = String(record.from);
        const to = String(record.to);
        // Pass 1 resolved both ends among the input's nodes, by their id prefix's label.
        out.relationship(group, labelOfId(from) as NodeLabel, labelOfId(to) as NodeLabel, record);
        edges.add(group, from, to);
      }
    }
  }
  const set = out.close();
  const repeats = edges.repeats();
  if (repeats.count > 0)
    throw new SeedValidationError([
      {
        file: '(input)',
        record: repeats.examples.join('; '),
        field: '(relationship)',
        message:
          `${repeats.count} relationships repeat an earlier one of the same type and ends, which the online ` +
          'import merges into one and the offline importer would store twice: remove the repeats, or import without --initial',
      },
    ]);
  return { ...set, rows: out.rows };
}
