import { NODE_LABELS, RELATIONSHIP_TYPES } from '../model/registry';
import type { SeedSet } from '../import/format';

/** Where the generated tables sit in seed/README.md; a test fails when they and the data drift apart. */
export const REPORT_START = '<!-- seed-report:start (npm run seed:report) -->';
export const REPORT_END = '<!-- seed-report:end -->';

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Counts per label, per relationship type and per source article, as Markdown tables. */
export function seedReport(set: SeedSet): string {
  const nodeRows = NODE_LABELS.map((label) => [label, set.nodes.get(label)?.length ?? 0] as [string, number]);
  const relCounts = new Map<string, number>();
  for (const group of set.relationships)
    relCounts.set(group.type, (relCounts.get(group.type) ?? 0) + group.rows.length);
  const cites = [...set.nodes.entries()]
    .filter(([label]) => label !== 'Source')
    .reduce(
      (sum, [, rows]) =>
        sum + rows.reduce((n, row) => n + (Array.isArray(row.sources) ? row.sources.length : 0), 0),
      0,
    );
  relCounts.set('CITES', cites);
  const relRows = RELATIONSHIP_TYPES.map(
    (type) => [type, relCounts.get(type) ?? 0] as [string, number],
  ).filter(([, n]) => n > 0);

  const perSource = new Map<string, { nodes: number; relationships: number; indicators: number }>();
  const bump = (ids: unknown, key: 'nodes' | 'relationships' | 'indicators'): void => {
    if (!Array.isArray(ids)) return;
    for (const id of ids as string[]) {
      const entry = perSource.get(id) ?? { nodes: 0, relationships: 0, indicators: 0 };
      entry[key] += 1;
      perSource.set(id, entry);
    }
  };
  for (const [label, rows] of set.nodes) {
    for (const row of rows) bump(row.sources, label === 'Indicator' ? 'indicators' : 'nodes');
  }
  for (const group of set.relationships) for (const row of group.rows) bump(row.sources, 'relationships');
  const sourceRows = (set.nodes.get('Source') ?? []).map((source) => {
    const counts = perSource.get(source.id) ?? { nodes: 0, relationships: 0, indicators: 0 };
    return [
      `\`${source.id}\``,
      String(source.file),
      String(source.name),
      String(source.author),
      counts.nodes,
      counts.indicators,
      counts.relationships,
    ];
  });

  const total = (rows: [string, number][]): number => rows.reduce((sum, [, n]) => sum + n, 0);
  return [
    `Nodes: ${total(nodeRows)}. Relationships: ${total(relRows)} (CITES derived from \`sources\`).`,
    '',
    table(['label', 'nodes'], nodeRows),
    '',
    table(['relationship', 'count'], relRows),
    '',
    'Per source: nodes (other than indicators), indicators and relationships that cite it.',
    '',
    table(['source', 'file', 'title', 'author', 'nodes', 'indicators', 'relationships'], sourceRows),
  ].join('\n');
}
