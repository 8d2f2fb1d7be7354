import { SeedValidationError, validateSeed } from '../../src/seed/format';

function problemsOf(content: unknown): { record: string; field: string; message: string }[] {
  try {
    validateSeed([{ file: 'x.json', content }]);
  } catch (error) {
    if (error instanceof SeedValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe('validateSeed', () => {
  it('groups valid relationships by type and by the labels of their ends', () => {
    const set = validateSeed([
      {
        file: 'a.json',
        content: {
          nodes: {
            Park: [{ id: 'park:a', name: 'A' }],
            Enterprise: [{ id: 'enterprise:b', name: 'B', highTech: true }],
          },
        },
      },
      {
        file: 'b.json',
        content: { relationships: { LOCATED_IN: [{ from: 'enterprise:b', to: 'park:a' }] } },
      },
    ]);
    expect(set.relationships).toEqual([
      { type: 'LOCATED_IN', from: 'Enterprise', to: 'Park', rows: [{ from: 'enterprise:b', to: 'park:a' }] },
    ]);
    expect(set.nodes.get('Park')).toEqual([{ id: 'park:a', name: 'A' }]);
  });

  it('names the file, the record and the field of a missing key', () => {
    expect(problemsOf({ nodes: { Park: [{ name: 'no id' }] } })).toEqual([
      { file: 'x.json', record: 'nodes.Park[0]', field: 'id', message: 'is required' },
    ]);
  });

  it('refuses an unknown label and an unknown relationship type', () => {
    const problems = problemsOf({ nodes: { Planet: [] }, relationships: { ORBITS: [] } });
    expect(problems.map((p) => p.message)).toEqual(['unknown label', 'unknown relationship type']);
  });

  it('refuses a relationship whose end is not in the set', () => {
    const problems = problemsOf({
      nodes: { Park: [{ id: 'park:a' }] },
      relationships: { PART_OF: [{ from: 'park:a', to: 'park:missing' }] },
    });
    expect(problems).toEqual([
      expect.objectContaining({ field: 'to', message: 'no node has id park:missing' }),
    ]);
  });

  it('refuses ids that are not of the form label:slug, and duplicates', () => {
    const problems = problemsOf({
      nodes: { Park: [{ id: 'Park A' }, { id: 'park:a' }, { id: 'park:a' }] },
    });
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('must match'),
      'is used by another node',
    ]);
  });

  it('refuses nested objects, nulls and mixed lists as property values', () => {
    const problems = problemsOf({
      nodes: { Park: [{ id: 'park:a', address: { city: 'x' }, note: null, tags: ['a', 1] }] },
    });
    expect(problems.map((p) => p.field)).toEqual(['address', 'note', 'tags']);
  });

  it('refuses Cypher-looking property names, so no key can break out of a map literal', () => {
    const problems = problemsOf({ nodes: { Park: [{ id: 'park:a', 'name`}) DETACH DELETE n //': 'x' }] } });
    expect(problems[0]).toMatchObject({ message: 'property names are lowerCamelCase ASCII' });
  });

  it('refuses a file that is not an object', () => {
    expect(problemsOf([1, 2])[0]).toMatchObject({ record: '(file)' });
  });
});
