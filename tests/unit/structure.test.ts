import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkNamedStatements, readCypherFolder, splitStatements } from '../../src/db/cypher-files';
import { schemaObjectName } from '../../src/db/schema';
import { NODE_LABELS } from '../../src/model/registry';
import { fromRoot } from '../../src/paths';
// Imported for their statement declarations, as the server does at boot.
import '../../src/system/service-info.resolver';
import '../../src/seed/loader';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('project structure', () => {
  it('keeps neo4j-driver behind one gateway: only db/driver.ts, the driver edge of neo4j.ts, imports it', () => {
    const importers = filesUnder(fromRoot('src'))
      .filter((file) => /from 'neo4j-driver'|require\('neo4j-driver'\)/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(fromRoot(), file));
    expect(importers).toEqual([path.join('src', 'db', 'driver.ts')]);
  });

  it('has a uniqueness constraint on the key of every label', () => {
    const cypher = readCypherFolder('schema').map((s) => s.cypher);
    for (const label of NODE_LABELS) {
      expect(cypher).toContainEqual(
        expect.stringMatching(new RegExp(`FOR \\(n:${label}\\) REQUIRE n\\.id IS UNIQUE`)),
      );
    }
  });

  it('makes every schema statement idempotent', () => {
    for (const { name, cypher } of readCypherFolder('schema')) {
      expect({ name, idempotent: /IF NOT EXISTS/.test(cypher) }).toEqual({ name, idempotent: true });
    }
  });

  it('names every constraint and index, so a start can skip those the database has', () => {
    for (const { name, cypher } of readCypherFolder('schema')) {
      expect({ name, named: typeof schemaObjectName(cypher) === 'string' }).toEqual({ name, named: true });
    }
    expect(
      schemaObjectName('CREATE FULLTEXT INDEX name_search IF NOT EXISTS FOR (n:Park) ON EACH [n.name]'),
    ).toBe('name_search');
  });

  it('finds every named statement the code declares', () => {
    expect(checkNamedStatements()).toEqual(expect.arrayContaining(['system/components', 'seed/nodeCount']));
  });
});

/**
 * The layers of src/, lowest first: a module imports from its own folder and from lower layers only,
 * so each folder can be read knowing only what is beneath it. src/README.md draws the same table.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['config'],
  ['(root)'],
  ['model'],
  ['db'],
  ['read', 'ops', 'history', 'aggregates'],
  ['analysis', 'import'],
  ['mutations', 'seed', 'system'],
  ['demands', 'changes'],
  ['server'],
  ['cli.ts'],
];
/** Imports that still run up the layers, each to be removed (issue 12); the list only shrinks. */
const KNOWN_UPWARD: readonly string[] = [];

function folderOf(file: string): string {
  const parts = path.relative(fromRoot('src'), file).split(path.sep);
  if (parts.length === 1) return parts[0] === 'cli.ts' ? 'cli.ts' : '(root)';
  return parts[0] ?? '(root)';
}
const layerOf = (folder: string): number => LAYERS.findIndex((layer) => layer.includes(folder));

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => {
    const target = path.resolve(path.dirname(file), m[1] ?? '');
    return statSync(`${target}.ts`, { throwIfNoEntry: false })
      ? `${target}.ts`
      : path.join(target, 'index.ts');
  });
}

describe('layers of src/', () => {
  const files = filesUnder(fromRoot('src')).filter((f) => f.endsWith('.ts'));

  it('places every folder of src/ in a layer', () => {
    const unplaced = [...new Set(files.map(folderOf))].filter((folder) => layerOf(folder) < 0);
    expect(unplaced).toEqual([]);
  });

  it('imports only from the same folder or a lower layer', () => {
    const upward = files.flatMap((file) =>
      relativeImports(file)
        .filter((target) => target.startsWith(fromRoot('src') + path.sep))
        .filter((target) => {
          const [from, to] = [folderOf(file), folderOf(target)];
          return from !== to && layerOf(to) >= layerOf(from);
        })
        .map((target) => `${path.relative(fromRoot(), file)} -> ${path.relative(fromRoot(), target)}`),
    );
    expect(upward.sort()).toEqual([...KNOWN_UPWARD].sort());
  });

  it('never imports the tools or the benchmark, which sit beside the service', () => {
    const outside = files.flatMap((file) =>
      relativeImports(file)
        .filter((target) => !target.startsWith(fromRoot('src') + path.sep))
        .map((target) => `${path.relative(fromRoot(), file)} -> ${path.relative(fromRoot(), target)}`),
    );
    expect(outside).toEqual([]);
  });
});

describe('splitStatements', () => {
  it('splits at line-ending semicolons and drops comment lines', () => {
    expect(splitStatements('// a comment\nCREATE (a);\n\nMATCH (b)\nRETURN b;\n')).toEqual([
      'CREATE (a)',
      'MATCH (b)\nRETURN b',
    ]);
  });
});
