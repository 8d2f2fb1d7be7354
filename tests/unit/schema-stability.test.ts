import { readFileSync, readdirSync } from 'node:fs';
import { buildSchema, findBreakingChanges } from 'graphql';
import { createSchema } from '../../src/graphql/schema';
import { fromRoot } from '../../src/paths';

/** The newest release's schema, by semantic version. */
function latestRelease(): { version: string; sdl: string } {
  const versions = readdirSync(fromRoot('schema', 'releases'))
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => f.replace(/\.graphql$/, ''))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const version = versions.at(-1) ?? '';
  return { version, sdl: readFileSync(fromRoot('schema', 'releases', `${version}.graphql`), 'utf8') };
}

describe('schema stability', () => {
  it('has no breaking change against the latest release that CHANGELOG.md does not declare', async () => {
    const release = latestRelease();
    const changes = findBreakingChanges(buildSchema(release.sdl), await createSchema());
    const changelog = readFileSync(fromRoot('CHANGELOG.md'), 'utf8');
    const undeclared = changes
      .filter((c) => !changelog.includes(c.description))
      .map((c) => `${c.type}: ${c.description}`);
    expect({ release: release.version, undeclared }).toEqual({ release: release.version, undeclared: [] });
  });

  it('notices a breaking change (the check is not vacuous)', async () => {
    const current = await createSchema();
    const shrunk = buildSchema('type Query { serviceInfo: String }');
    expect(findBreakingChanges(current, shrunk).length).toBeGreaterThan(10);
  });
});
