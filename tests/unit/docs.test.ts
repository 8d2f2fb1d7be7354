import { readFileSync } from 'node:fs';
import { MODEL_END, MODEL_START, modelTables } from '../../src/model/describe';
import { NODE_LABELS, RELATIONSHIP_TYPES } from '../../src/model/registry';
import { fromRoot } from '../../src/paths';
import { validateSeed } from '../../src/import/format';
import { readSeedFiles } from '../../src/seed/loader';
import { REPORT_END, REPORT_START, seedReport } from '../../src/seed/report';
import { textBetween } from '../../src/text';

describe('generated documentation', () => {
  it('schema/README.md has the model tables of the registry (run `npm run schema:emit`)', () => {
    const readme = readFileSync(fromRoot('schema', 'README.md'), 'utf8');
    expect(textBetween(readme, MODEL_START, MODEL_END)).toBe(modelTables());
    for (const name of [...NODE_LABELS, ...RELATIONSHIP_TYPES]) expect(readme).toContain(`\`${name}\``);
  });

  it('seed/README.md counts what seed/data holds (run `npm run seed:report`)', () => {
    const readme = readFileSync(fromRoot('seed', 'README.md'), 'utf8');
    expect(textBetween(readme, REPORT_START, REPORT_END)).toBe(seedReport(validateSeed(readSeedFiles())));
  });
});
