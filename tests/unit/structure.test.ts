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
  it('keeps neo4j-driver behind one gateway module', () => {
    const importers = filesUnder(fromRoot('src'))
      .filter((file) => /from 'neo4j-driver'|require\('neo4j-driver'\)/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(fromRoot(), file));
    expect(importers).toEqual([path.join('src', 'db', 'neo4j.ts')]);
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

describe('splitStatements', () => {
  it('splits at line-ending semicolons and drops comment lines', () => {
    expect(splitStatements('// a comment\nCREATE (a);\n\nMATCH (b)\nRETURN b;\n')).toEqual([
      'CREATE (a)',
      'MATCH (b)\nRETURN b',
    ]);
  });
});
