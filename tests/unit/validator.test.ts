import type { NodeLabel } from '../../src/model/registry';
import { RecordValidator } from '../../src/import/validator';

const cite = { sources: ['source:t'] };
const SOURCE = { id: 'source:t', name: '测试', file: 't.txt', author: '测试', kind: 'ARTICLE' };

/** A validator whose problems are collected as "record field: message" lines, which read like its report. */
function validator(): { records: RecordValidator; problems: string[] } {
  const problems: string[] = [];
  const records = new RecordValidator((file, record, field, message) =>
    problems.push(`${file} ${record} ${field}: ${message}`),
  );
  return { records, problems };
}
const nowhere = (): NodeLabel | undefined => undefined;

describe('RecordValidator', () => {
  it('accepts valid nodes and a relationship between them, and reports nothing', () => {
    const { records, problems } = validator();
    expect(records.node('a.json', 'nodes.Source[0]', 'Source', SOURCE)).toBe('nodes.Source[0] source:t');
    records.node('a.json', 'nodes.Park[0]', 'Park', { id: 'park:a', name: 'A', kind: 'ZONE', ...cite });
    records.node('a.json', 'nodes.Park[1]', 'Park', { id: 'park:b', name: 'B', kind: 'PARK', ...cite });
    records.citations('a.json', 'nodes.Park[0] park:a', cite.sources, nowhere);
    const row = { from: 'park:b', to: 'park:a', ...cite };
    expect(records.relationship('a.json', 'line 2', 'PART_OF', row)).toBe(true);
    expect(records.ends('a.json', 'line 2', 'PART_OF', row, nowhere)).toEqual(['Park', 'Park']);
    expect(problems).toEqual([]);
  });

  it('refuses a node without an id, and names a node with one by its id', () => {
    const { records, problems } = validator();
    expect(records.node('a.json', 'line 2', 'Park', { name: 'A', kind: 'ZONE', ...cite })).toBeUndefined();
    records.node('a.json', 'line 3', 'Park', { id: 'park:a', kind: 'CITY', ...cite });
    expect(problems).toEqual([
      'a.json line 2 id: is required',
      'a.json line 3 park:a name: is required',
      'a.json line 3 park:a kind: must be one of ZONE, PARK',
    ]);
  });

  it('refuses an id used twice, even under two labels', () => {
    const { records, problems } = validator();
    records.node('a.json', 'line 2', 'Park', { id: 'park:a', name: 'A', kind: 'ZONE', ...cite });
    records.node('b.json', 'line 2', 'Park', { id: 'park:a', name: 'A', kind: 'ZONE', ...cite });
    expect(problems).toEqual(['b.json line 2 park:a id: is used by another node']);
  });

  it('takes a citation or an end the input lacks from elsewhere, and refuses it when elsewhere has none', () => {
    const { records, problems } = validator();
    const asked: string[] = [];
    const database = (id: string, field: string): NodeLabel | undefined => {
      asked.push(`${field} ${id}`);
      return id === 'source:stored' ? 'Source' : id === 'park:stored' ? 'Park' : undefined;
    };
    records.citations('a.json', 'r', ['source:stored', 'source:gone'], database);
    records.ends('a.json', 'r', 'PART_OF', { from: 'park:stored', to: 'park:gone' }, database);
    expect(asked).toEqual([
      'sources source:stored',
      'sources source:gone',
      'from park:stored',
      'to park:gone',
    ]);
    expect(problems).toEqual([
      'a.json r sources: no Source has id source:gone',
      'a.json r to: no node has id park:gone',
    ]);
  });

  it('refuses a citation of a node that is not a Source', () => {
    const { records, problems } = validator();
    records.node('a.json', 'line 2', 'Park', { id: 'park:a', name: 'A', kind: 'ZONE', ...cite });
    records.citations('a.json', 'line 3 park:b', ['park:a'], nowhere);
    expect(problems).toEqual(['a.json line 3 park:b sources: no Source has id park:a']);
  });

  it('refuses a relationship between labels its type does not join', () => {
    const { records, problems } = validator();
    records.node('a.json', 'n1', 'Park', { id: 'park:a', name: 'A', kind: 'ZONE', ...cite });
    records.node('a.json', 'n2', 'Enterprise', { id: 'ent:b', name: 'B', ...cite });
    expect(records.ends('a.json', 'r', 'GOVERNS', { from: 'ent:b', to: 'park:a' }, nowhere)).toBeUndefined();
    expect(problems).toEqual([
      'a.json r (labels): GOVERNS joins PartyOrganization to IndustryChain, not Enterprise to Park',
    ]);
  });

  it('reports a relationship record without both ends as incomplete', () => {
    const { records, problems } = validator();
    expect(records.relationship('a.json', 'line 2', 'PART_OF', { from: 'park:a', ...cite })).toBe(false);
    expect(problems).toEqual(['a.json line 2 to: is required']);
  });
});
