import { readFileSync, readdirSync } from 'node:fs';
import { buildSchema, findBreakingChanges } from 'graphql';
import { createSchema } from '../../src/server/schema';
import { fromRoot } from '../../src/paths';
import { SERVICE_VERSION } from '../../src/version';

/** Every release's schema, oldest first, by semantic version. */
function releases(): { version: string; sdl: string }[] {
  return readdirSync(fromRoot('schema', 'releases'))
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => f.replace(/\.graphql$/, ''))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((version) => ({
      version,
      sdl: readFileSync(fromRoot('schema', 'releases', `${version}.graphql`), 'utf8'),
    }));
}

/** The newest release's schema. */
function latestRelease(): { version: string; sdl: string } {
  const all = releases();
  return all[all.length - 1] ?? { version: '', sdl: '' };
}

/** The text of CHANGELOG.md's section for one version: from its `## version` heading to the next. */
function changelogSection(version: string): string {
  const changelog = readFileSync(fromRoot('CHANGELOG.md'), 'utf8');
  const start = changelog.indexOf(`\n## ${version}\n`);
  if (start < 0) return '';
  const next = changelog.indexOf('\n## ', start + 1);
  return changelog.slice(start, next < 0 ? undefined : next);
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

  it("declares each release's breaking changes against the one before under that release's heading", () => {
    const all = releases();
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < all.length; i += 1) {
      const [before, after] = [all[i - 1], all[i]] as [
        { version: string; sdl: string },
        { version: string; sdl: string },
      ];
      const section = changelogSection(after.version);
      const undeclared = findBreakingChanges(buildSchema(before.sdl), buildSchema(after.sdl))
        .filter((c) => !section.includes(c.description))
        .map((c) => c.description);
      expect({ release: after.version, undeclared }).toEqual({ release: after.version, undeclared: [] });
    }
  });

  it('serves the newest release as serviceInfo.version, which is package.json’s version', () => {
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string };
    expect(SERVICE_VERSION).toBe(latestRelease().version);
    expect(pkg.version).toBe(latestRelease().version);
  });

  it('notices a breaking change (the check is not vacuous)', async () => {
    const current = await createSchema();
    const shrunk = buildSchema('type Query { serviceInfo: String }');
    expect(findBreakingChanges(current, shrunk).length).toBeGreaterThan(10);
  });
});
