import { NODE_LABELS, NODE_SPECS, RELATIONSHIP_SPECS, RELATIONSHIP_TYPES } from './registry';

/** Where the generated model tables sit in schema/README.md; `npm run schema:emit` rewrites them. */
export const MODEL_START = '<!-- model:start (npm run schema:emit) -->';
export const MODEL_END = '<!-- model:end -->';

const list = (items: readonly string[]): string => items.map((i) => `\`${i}\``).join(', ');

/** The model as Markdown tables, generated from the registry the loader enforces. */
export function modelTables(): string {
  const labels = NODE_LABELS.map((label) => {
    const spec = NODE_SPECS[label];
    const enums = Object.entries(spec.enums ?? {})
      .map(([field, values]) => `\`${field}\`: ${values.join(', ')}`)
      .join('; ');
    return `| \`${label}\` | ${spec.description} | ${list(['id', ...spec.required])} | ${enums} |`;
  });
  const relationships = RELATIONSHIP_TYPES.map((type) => {
    const spec = RELATIONSHIP_SPECS[type];
    const from = spec.from.length > 6 ? 'any node but a Source' : spec.from.join(' \\| ');
    const to = spec.to.length > 8 ? 'any node but an Indicator or Source' : spec.to.join(' \\| ');
    return `| \`${type}\` | ${from} | ${to} | ${spec.description} |`;
  });
  return [
    '| label | what | required | values |',
    '| --- | --- | --- | --- |',
    ...labels,
    '',
    'Every relationship but `CITES` requires `sources`.',
    '',
    '| relationship | from | to | meaning |',
    '| --- | --- | --- | --- |',
    ...relationships,
  ].join('\n');
}
