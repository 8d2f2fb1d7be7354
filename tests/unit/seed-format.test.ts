import { SeedValidationError, validateSeed } from '../../src/import/format';

const SOURCE = { id: 'source:t', name: '测试', file: 't.txt', author: '测试', kind: 'ARTICLE' };
const cite = { sources: ['source:t'] };

function problemsOf(content: Record<string, unknown>): { record: string; field: string; message: string }[] {
  const nodes = { Source: [SOURCE], ...((content.nodes as object | undefined) ?? {}) };
  try {
    validateSeed([{ file: 'x.json', content: { ...content, nodes } }]);
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
            Source: [SOURCE],
            Park: [{ id: 'park:a', name: 'A', kind: 'ZONE', ...cite }],
            Enterprise: [{ id: 'ent:b', name: 'B', highTech: true, ...cite }],
          },
        },
      },
      {
        file: 'b.json',
        content: { relationships: { LOCATED_IN: [{ from: 'ent:b', to: 'park:a', ...cite }] } },
      },
    ]);
    expect(set.relationships).toEqual([
      {
        type: 'LOCATED_IN',
        from: 'Enterprise',
        to: 'Park',
        rows: [{ from: 'ent:b', to: 'park:a', ...cite }],
      },
    ]);
  });

  it('names the file, the record and the field of a missing key', () => {
    expect(problemsOf({ nodes: { Park: [{ name: 'no id', kind: 'ZONE', ...cite }] } })).toEqual([
      { file: 'x.json', record: 'nodes.Park[0]', field: 'id', message: 'is required' },
    ]);
  });

  it('requires the properties the model requires, such as a Park kind and an Indicator unit and date', () => {
    const problems = problemsOf({
      nodes: {
        Park: [{ id: 'park:a', name: 'A', ...cite }],
        Indicator: [{ id: 'ind:a', name: '数', metric: 'm', value: 1, ...cite }],
      },
    });
    expect(problems.map((p) => `${p.record.split(' ')[1]} ${p.field}`)).toEqual([
      'park:a kind',
      'ind:a unit',
      'ind:a date',
    ]);
  });

  it('requires every node and relationship to cite a known Source', () => {
    const problems = problemsOf({
      nodes: {
        Park: [
          { id: 'park:a', name: 'A', kind: 'ZONE' },
          { id: 'park:b', name: 'B', kind: 'PARK', sources: ['source:nope'] },
        ],
      },
      relationships: { PART_OF: [{ from: 'park:b', to: 'park:a' }] },
    });
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['sources', 'is required'],
      ['sources', 'is required'],
      ['sources', 'no Source has id source:nope'],
    ]);
  });

  it('refuses enum values outside the model, and relationships between labels it does not allow', () => {
    const problems = problemsOf({
      nodes: {
        Park: [{ id: 'park:a', name: 'A', kind: 'CITY', ...cite }],
        Enterprise: [{ id: 'ent:a', name: 'E', ...cite }],
      },
      relationships: { GOVERNS: [{ from: 'ent:a', to: 'park:a', ...cite }] },
    });
    expect(problems.map((p) => p.message)).toEqual([
      'must be one of ZONE, PARK',
      'GOVERNS joins PartyOrganization to IndustryChain, not Enterprise to Park',
    ]);
  });

  it('refuses an unknown label, an unknown relationship type, and CITES written by hand', () => {
    const problems = problemsOf({ nodes: { Planet: [] }, relationships: { ORBITS: [], CITES: [] } });
    expect(problems.map((p) => p.message)).toEqual([
      'unknown label',
      'unknown relationship type',
      'is written by the loader from each node\'s "sources"',
    ]);
  });

  it('refuses a relationship whose end is not in the set', () => {
    const problems = problemsOf({
      nodes: { Park: [{ id: 'park:a', name: 'A', kind: 'ZONE', ...cite }] },
      relationships: { PART_OF: [{ from: 'park:a', to: 'park:missing', ...cite }] },
    });
    expect(problems).toEqual([
      expect.objectContaining({ field: 'to', message: 'no node has id park:missing' }),
    ]);
  });

  it('refuses ids that are not of the form prefix:slug, and duplicates', () => {
    const park = { name: 'A', kind: 'ZONE', ...cite };
    const problems = problemsOf({
      nodes: {
        Park: [
          { id: 'Park A', ...park },
          { id: 'park:a', ...park },
          { id: 'park:a', ...park },
        ],
      },
    });
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('must match'),
      'is used by another node',
    ]);
  });

  it('refuses nested objects and mixed lists as property values, and takes null as not given', () => {
    const problems = problemsOf({
      nodes: {
        Park: [
          {
            id: 'park:a',
            name: 'A',
            kind: 'ZONE',
            ...cite,
            address: { city: 'x' },
            note: null,
            tags: ['a', 1],
          },
        ],
      },
    });
    expect(problems.map((p) => p.field).sort()).toEqual(['address', 'tags']);
    const required = problemsOf({
      nodes: { Park: [{ id: 'park:b', name: null, kind: 'ZONE', sources: null }] },
    });
    expect(required.map((p) => `${p.field} ${p.message}`)).toEqual([
      'name is required',
      'sources is required',
    ]);
  });

  it('refuses Cypher-looking property names, so no key can break out of a map literal', () => {
    const problems = problemsOf({
      nodes: {
        Park: [{ id: 'park:a', name: 'A', kind: 'ZONE', ...cite, 'name`}) DETACH DELETE n //': 'x' }],
      },
    });
    expect(problems[0]).toMatchObject({ message: 'property names are lowerCamelCase ASCII' });
  });

  it('refuses a second governing committee for one chain', () => {
    const problems = problemsOf({
      nodes: {
        IndustryChain: [{ id: 'chain:c', name: 'C', ...cite }],
        PartyOrganization: [
          { id: 'org:a', name: 'A', kind: 'JOINT_COMMITTEE', ...cite },
          { id: 'org:b', name: 'B', kind: 'JOINT_COMMITTEE', ...cite },
        ],
      },
      relationships: {
        GOVERNS: [
          { from: 'org:a', to: 'chain:c', ...cite },
          { from: 'org:b', to: 'chain:c', ...cite },
        ],
      },
    });
    expect(problems).toEqual([expect.objectContaining({ record: 'chain:c', field: 'GOVERNS' })]);
  });

  it('refuses a file that is not an object', () => {
    expect(() => validateSeed([{ file: 'x.json', content: [1, 2] }])).toThrow('x.json (file) (root)');
  });
});
