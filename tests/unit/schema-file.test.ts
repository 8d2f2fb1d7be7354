import { readFileSync } from 'node:fs';
import { createSchema, printSortedSchema, SCHEMA_FILE } from '../../src/server/schema';

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema:emit` after changing the API)', async () => {
    const built = printSortedSchema(await createSchema());
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(built);
  });
});
