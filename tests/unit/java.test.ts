import { mkdirSync, mkdtempSync, symlinkSync, existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePassword } from '../../src/db/provision/errors';
import { findJava, parseJavaMajor } from '../../src/db/provision/java';

describe('parseJavaMajor', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_412"', 8],
    ['openjdk version "25.0.1" 2025-10-21 LTS', 25],
  ])('reads %s as %i', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major);
  });

  it('returns undefined for output it cannot read', () => {
    expect(parseJavaMajor('command not found')).toBeUndefined();
  });
});

describe('findJava', () => {
  const empty = mkdtempSync(path.join(os.tmpdir(), 'no-jvm-'));

  it('finds nothing when JAVA_HOME, PATH and the JVM folder hold no Java', async () => {
    await expect(findJava({ PATH: empty, JAVA_HOME: path.join(empty, 'missing') }, empty)).resolves.toEqual({
      found: [],
    });
  });

  it('finds the machine Java 17 on PATH', async () => {
    const java = await findJava(process.env);
    expect(java).toMatchObject({ major: 17 });
  });

  // The machines this project runs on carry a Temurin 25 beside Java 17: Neo4j 5.26 cannot use it.
  const temurin25 = existsSync('/usr/lib/jvm')
    ? readdirSync('/usr/lib/jvm').find((d) => /temurin-25/.test(d))
    : undefined;
  (temurin25 ? it : it.skip)('names an unsupported Java it found, so the error can say so', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'jvm-'));
    mkdirSync(path.join(root, 'jdk-25', 'bin'), { recursive: true });
    symlinkSync(
      path.join('/usr/lib/jvm', temurin25 ?? '', 'bin', 'java'),
      path.join(root, 'jdk-25', 'bin', 'java'),
    );
    const result = await findJava({ PATH: empty }, root);
    expect(result).toEqual({ found: [`${path.join(root, 'jdk-25', 'bin', 'java')} (Java 25)`] });
  });
});

describe('generatePassword', () => {
  it('never starts with "-", which neo4j-admin would read as an option', () => {
    for (let i = 0; i < 500; i += 1) expect(generatePassword()).toMatch(/^[0-9a-f]{36}$/);
  });
});
