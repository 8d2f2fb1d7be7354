import { readFileSync } from 'node:fs';
import { VARIABLES } from '../../src/config/config';
import { fromRoot } from '../../src/paths';

describe('README', () => {
  const readme = readFileSync(fromRoot('README.md'), 'utf8');

  it('documents every configuration variable with its default', () => {
    for (const [name, fallback] of Object.entries(VARIABLES)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\``));
      expect({ name, documented: row !== undefined }).toEqual({ name, documented: true });
      if (fallback !== '')
        expect({ name, row }).toEqual({ name, row: expect.stringContaining(`\`${fallback}\``) as unknown });
    }
  });

  it('shows the two commands', () => {
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
  });
});
