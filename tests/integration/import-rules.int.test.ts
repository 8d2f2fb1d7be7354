import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SeedValidationError } from '../../src/import/format';
import { csvCell } from '../../tools/synthetic/csv-writer';
import { bulkImport } from '../../src/import/bulk';
import { importFiles, parseImport } from '../../src/import/import';
import { graphCounts, testGateway } from '../support/db';
import { loadCuratedData, startTestServer, type GraphQLBody, type TestServer } from '../support/server';

const EDITOR = 'editor-key-0123456789abcdef';
const SOURCE = 'source:003-baiyin-party-chain';

type Verdict = { ok: true } | { ok: false; fields: string[] };

/** One bad input: as a JSON document, as a CSV text, or both, and what the mutation does with it. */
interface Case {
  name: string;
  json?: string;
  csv?: string;
  /** The fields the problems must name. */
  fields: string[];
  /** The equivalent mutation, which must refuse it with BAD_USER_INPUT. */
  mutation?: { label: string; input: Record<string, unknown> };
}

/** A node record of a label as a JSON document and a CSV text (its keys, in order, as the header). */
function node(label: string, record: Record<string, unknown>): { json: string; csv: string } {
  const keys = Object.keys(record);
  const header = ['label', ...keys.map((k) => (Array.isArray(record[k]) ? `${k}[]` : k))];
  const cells = keys.map((k) => csvCell(record[k] as string));
  return {
    json: JSON.stringify({ nodes: { [label]: [record] } }),
    csv: `${header.join(',')}\n${label},${cells.join(',')}\n`,
  };
}

let serial = 0;
/** A valid record of a label but for the overrides, with a fresh id. */
function nodeCase(
  name: string,
  label: string,
  base: Record<string, unknown>,
  overrides: Record<string, unknown>,
  fields: string[],
): Case {
  serial += 1;
  const prefix = {
    Enterprise: 'ent',
    Park: 'park',
    Project: 'project',
    Indicator: 'ind',
    ChainSegment: 'seg',
  }[label];
  const record = { id: `${prefix}:rules.case-${serial}`, ...base, ...overrides, sources: [SOURCE] };
  const input: Record<string, unknown> = { ...record };
  delete input.sources;
  return { name, ...node(label, record), fields, mutation: { label, input } };
}

const FIRM = { name: '规则公司' };
const ZONE = { name: '规则园区', kind: 'ZONE' };
const PROJECT = { name: '规则项目', status: 'SIGNED' };
const FIGURE = { name: '规则数', metric: 'firms', value: 3, unit: '家', date: '2024' };
const SEGMENT = { name: '规则环节', stage: 'UPSTREAM', order: 1 };

const RECORD_CASES: Case[] = [
  nodeCase('a 700,000-character name', 'Enterprise', FIRM, { name: 'x'.repeat(700_000) }, ['name']),
  nodeCase('a NUL byte in a name', 'Enterprise', FIRM, { name: 'a\u0000b' }, ['name']),
  nodeCase('a control character in an English name', 'Enterprise', FIRM, { nameEn: 'a\u001bb' }, ['nameEn']),
  nodeCase('a lone surrogate in a name', 'Enterprise', FIRM, { name: 'a\ud800b' }, ['name']),
  nodeCase('a replacement character (bytes that were not UTF-8)', 'Enterprise', FIRM, { name: 'a\ufffdb' }, [
    'name',
  ]),
  nodeCase('a blank name', 'Enterprise', FIRM, { name: '   ' }, ['name']),
  nodeCase('an English name of 201 characters', 'Enterprise', FIRM, { nameEn: 'e'.repeat(201) }, ['nameEn']),
  nodeCase('an enum value in the wrong case', 'Park', ZONE, { kind: 'zone' }, ['kind']),
  nodeCase('an unknown enum value', 'Enterprise', FIRM, { specializedLevel: 'COUNTY' }, ['specializedLevel']),
  nodeCase('a negative amount', 'Project', PROJECT, { amountYuan: -5 }, ['amountYuan']),
  nodeCase('NaN for a number', 'Project', PROJECT, { amountYuan: 'NaN' }, ['amountYuan']),
  nodeCase('a number that is text', 'Indicator', FIGURE, { value: 'many' }, ['value']),
  nodeCase('a date that does not exist', 'Indicator', FIGURE, { date: '2024-02-30' }, ['date']),
  nodeCase('a thirteenth month', 'Project', PROJECT, { signedOn: '2024-13' }, ['signedOn']),
  nodeCase('a fractional order', 'ChainSegment', SEGMENT, { order: 1.5 }, ['order']),
  nodeCase('a negative order', 'ChainSegment', SEGMENT, { order: -1 }, ['order']),
  nodeCase('a boolean that is neither true nor false', 'Enterprise', FIRM, { highTech: 'yes' }, ['highTech']),
  nodeCase('an id of the wrong prefix', 'Enterprise', FIRM, { id: 'park:rules.wrong-prefix' }, ['id']),
  nodeCase('an id that is not of the form prefix:slug', 'Enterprise', FIRM, { id: 'ent:Bad Id' }, ['id']),
  nodeCase('a missing required property', 'Park', { name: '无类园区' }, {}, ['kind']),
];

const FIRMS_CSV = (rows: string[]): string => `label,id,name,sources[]\n${rows.join('\n')}\n`;

const SHAPE_CASES: Case[] = [
  {
    name: 'an extra cell',
    csv: FIRMS_CSV([`Enterprise,ent:rules.extra,多一格,${SOURCE},surplus`]),
    fields: ['(row)'],
  },
  {
    name: 'a missing cell',
    csv: FIRMS_CSV([`Enterprise,ent:rules.short,少一格`]),
    fields: ['(row)', 'sources'],
  },
  {
    name: 'a duplicate column',
    csv: `label,id,name,name,sources[]\nEnterprise,ent:rules.dup,甲,乙,${SOURCE}\n`,
    fields: ['name'],
  },
  {
    name: 'a column name that is not a property name',
    csv: `label,id,name,full name,sources[]\nEnterprise,ent:rules.col,甲,乙,${SOURCE}\n`,
    fields: ['full name'],
  },
  {
    name: 'a quoted field left open',
    csv: FIRMS_CSV([
      `Enterprise,ent:rules.open,"未闭合,${SOURCE}`,
      `Enterprise,ent:rules.after,后面,${SOURCE}`,
    ]),
    fields: ['(row)', 'sources'],
  },
  {
    name: 'a header that names neither label nor type',
    csv: `kind,id,name\nEnterprise,ent:rules.header,甲\n`,
    fields: ['(header)'],
  },
  {
    name: 'a list column for a property that is not a list',
    csv: `label,id,name[],sources[]\nEnterprise,ent:rules.list,甲,${SOURCE}\n`,
    fields: ['name'],
  },
  {
    name: 'an unknown top-level key',
    json: JSON.stringify({ nodez: { Enterprise: [{ id: 'ent:rules.top', ...FIRM, sources: [SOURCE] }] } }),
    fields: ['nodez'],
  },
  {
    name: 'a record that is not an object',
    json: JSON.stringify({ nodes: { Enterprise: ['ent:rules.string'] } }),
    fields: ['(record)'],
  },
  {
    name: 'a key the service writes itself',
    json: JSON.stringify({
      nodes: { Enterprise: [{ id: 'ent:rules.audit', ...FIRM, updatedBy: 'admin', sources: [SOURCE] }] },
    }),
    fields: ['updatedBy'],
  },
  {
    name: 'a nested object as a value',
    json: JSON.stringify({
      nodes: { Enterprise: [{ id: 'ent:rules.nested', ...FIRM, address: { city: 'x' }, sources: [SOURCE] }] },
    }),
    fields: ['address'],
  },
  {
    name: 'duplicate ids in one file',
    ...(() => {
      const row = { id: 'ent:rules.twice', ...FIRM, sources: [SOURCE] };
      return {
        json: JSON.stringify({ nodes: { Enterprise: [row, row] } }),
        csv: FIRMS_CSV([0, 1].map(() => `Enterprise,${row.id},${row.name},${SOURCE}`)),
      };
    })(),
    fields: ['id'],
  },
  {
    name: 'a source that does not exist',
    ...node('Enterprise', { id: 'ent:rules.nosource', ...FIRM, sources: ['source:rules-missing'] }),
    fields: ['sources'],
  },
  {
    name: 'an undeclared property of 2,001 characters',
    ...node('Enterprise', {
      id: 'ent:rules.long',
      ...FIRM,
      description: 'd'.repeat(2001),
      sources: [SOURCE],
    }),
    fields: ['description'],
  },
];

/** Imports of one input: small and bulk, each dry and real, on the real Neo4j; each with its verdict. */
describe('import rules: one verdict for every path (real database, curated data)', () => {
  const gateway = testGateway(30_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'import-rules-'));
  let server: TestServer;
  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer(testGateway(), { API_KEYS: `editor:${EDITOR}` });
  });
  afterAll(async () => {
    await server.close();
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function verdict(run: () => Promise<unknown>): Promise<Verdict> {
    try {
      await run();
      return { ok: true };
    } catch (error) {
      if (!(error instanceof SeedValidationError)) throw error;
      for (const p of error.problems) {
        expect(p.file).not.toBe('');
        expect(p.record).not.toBe('');
      }
      return { ok: false, fields: [...new Set(error.problems.map((p) => p.field))].sort() };
    }
  }

  /** Every path's verdict on one file, keyed by path. */
  async function allPaths(file: string, text: string): Promise<Record<string, Verdict>> {
    const full = path.join(dir, file);
    writeFileSync(full, text);
    const out: Record<string, Verdict> = {};
    for (const dryRun of [true, false]) {
      const mode = dryRun ? 'dry' : 'real';
      out[`small ${mode}`] = await verdict(() => importFiles(gateway, [parseImport(file, text)], dryRun));
      out[`bulk ${mode}`] = await verdict(() => bulkImport(gateway, [full], { dryRun }));
    }
    return out;
  }

  async function send(query: string, variables: Record<string, unknown>): Promise<GraphQLBody> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${EDITOR}` },
      body: JSON.stringify({ query, variables }),
    });
    expect(response.status).toBeLessThan(500);
    return (await response.json()) as GraphQLBody;
  }

  const cases = [...RECORD_CASES, ...SHAPE_CASES];
  it.each(cases.map((c) => [c.name, c] as const))(
    'refuses %s on every path it can take (CSV, JSON; small, bulk; dry, real), and writes nothing',
    async (_name, c) => {
      const before = await graphCounts(gateway);
      const expected: Verdict = { ok: false, fields: [...c.fields].sort() };
      const seen: Record<string, Verdict> = {};
      for (const [format, text] of [
        ['json', c.json],
        ['csv', c.csv],
      ] as const) {
        if (text === undefined) continue;
        for (const [where, v] of Object.entries(await allPaths(`case.${format}`, text)))
          seen[`${format} ${where}`] = v;
      }
      expect(Object.keys(seen).length).toBeGreaterThanOrEqual(4);
      for (const v of Object.values(seen)) expect(v).toEqual(expected);
      if (c.mutation) {
        const { label, input } = c.mutation;
        const body = await send(
          `mutation($input: ${label}Input!) { upsert${label}(input: $input, source: "${SOURCE}") { id } }`,
          { input },
        );
        expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
      for (const [format, text] of [
        ['JSON', c.json],
        ['CSV', c.csv],
      ] as const) {
        if (text === undefined || text.length > 900_000) continue;
        const body = await send(
          'mutation($f: ImportFormat!, $c: String!) { importData(format: $f, content: $c, dryRun: false) { written } }',
          { f: format, c: text },
        );
        expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
      expect(await graphCounts(gateway)).toEqual(before);
    },
  );

  it('refuses the database-side invariants alike, dry and real, small and bulk', async () => {
    const [governed] = await gateway.read({
      name: 'test/governed',
      cypher:
        'MATCH (o:PartyOrganization)-[:GOVERNS]->(c:IndustryChain) MATCH (other:PartyOrganization) WHERE other <> o AND NOT (other)-[:GOVERNS]->() RETURN c.id AS chain, other.id AS other LIMIT 1',
    });
    const [fed] = await gateway.read({
      name: 'test/fed',
      cypher: 'MATCH (a:ChainSegment)-[:FEEDS]->(b:ChainSegment) RETURN a.id AS a, b.id AS b LIMIT 1',
    });
    const rel = (type: string, from: unknown, to: unknown): { json: string; csv: string } => ({
      json: JSON.stringify({ relationships: { [type]: [{ from, to, sources: [SOURCE] }] } }),
      csv: `type,from,to,sources[]\n${type},${String(from)},${String(to)},${SOURCE}\n`,
    });
    const invariants: [string, { json: string; csv: string }, string[]][] = [
      ['a second governing committee', rel('GOVERNS', governed?.other, governed?.chain), ['GOVERNS']],
      ['a FEEDS cycle with stored data', rel('FEEDS', fed?.b, fed?.a), ['FEEDS']],
      ['an end that does not exist', rel('OPERATES_IN', 'ent:rules.nobody', fed?.a), ['from']],
      ['ends of the wrong labels', rel('FEEDS', fed?.a, governed?.chain), ['(labels)']],
    ];
    const before = await graphCounts(gateway);
    for (const [name, input, fields] of invariants) {
      for (const format of ['json', 'csv'] as const) {
        const verdicts = await allPaths(`invariant.${format}`, input[format]);
        // Each problem names the file and the record of the input, even when the database found it.
        for (const dryRun of [true, false]) {
          const error = await importFiles(
            gateway,
            [parseImport(`invariant.${format}`, input[format])],
            dryRun,
          ).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(SeedValidationError);
          for (const p of (error as SeedValidationError).problems) {
            expect(p.file).toBe(`invariant.${format}`);
            expect(p.record).toMatch(/^(line 2|relationships\.)/);
          }
        }
        expect({ name, format, verdicts }).toEqual({
          name,
          format,
          verdicts: Object.fromEntries(Object.keys(verdicts).map((k) => [k, { ok: false, fields }])),
        });
      }
    }
    expect(await graphCounts(gateway)).toEqual(before);
  });

  it('refuses bad relationship properties alike on every import path and through the link mutation', async () => {
    const firms = await gateway.read({
      name: 'test/two-firms',
      cypher: 'MATCH (e:Enterprise) RETURN e.id AS id ORDER BY e.id LIMIT 2',
    });
    const [from, to] = firms.map((f) => String(f.id));
    const bad: [string, Record<string, unknown>, string][] = [
      ['a negative count', { count: -1 }, 'count'],
      ['a count that is text', { count: 'NaN' }, 'count'],
      ['a unit of 21 characters', { unit: 'u'.repeat(21) }, 'unit'],
      ['a NUL byte in a product', { product: 'a\u0000b' }, 'product'],
      ['a note of 2,001 characters', { note: 'n'.repeat(2001) }, 'note'],
    ];
    const before = await graphCounts(gateway);
    for (const [name, props, field] of bad) {
      const row = { from, to, ...props, sources: [SOURCE] };
      const keys = Object.keys(props);
      const csv = `type,from,to,${keys.join(',')},sources[]\nSUPPLIES,${from},${to},${keys
        .map((k) => csvCell(props[k] as string))
        .join(',')},${SOURCE}\n`;
      for (const [format, text] of [
        ['json', JSON.stringify({ relationships: { SUPPLIES: [row] } })],
        ['csv', csv],
      ] as const) {
        const verdicts = await allPaths(`link.${format}`, text);
        expect({ name, format, verdicts }).toEqual({
          name,
          format,
          verdicts: Object.fromEntries(Object.keys(verdicts).map((k) => [k, { ok: false, fields: [field] }])),
        });
      }
      const body = await send('mutation($input: LinkInput!) { link(input: $input) { type } }', {
        input: { type: 'SUPPLIES', from, to, source: SOURCE, ...props },
      });
      expect({ name, code: body.errors?.[0]?.extensions?.code }).toEqual({ name, code: 'BAD_USER_INPUT' });
    }
    expect(await graphCounts(gateway)).toEqual(before);
  });

  it('accepts a file with a BOM and CRLF line ends alike on every path, and a dry run writes nothing', async () => {
    const csv = `\uFEFFlabel,id,name,nameEn,highTech,sources[]\r\nEnterprise,ent:rules.crlf,换行公司,"CRLF, Ltd.",true,${SOURCE}\r\n`;
    const json = `\uFEFF${JSON.stringify({ nodes: { Enterprise: [{ id: 'ent:rules.crlf-json', name: '换行', sources: [SOURCE] }] } })}`;
    const before = await graphCounts(gateway);
    for (const [file, text] of [
      ['ok.csv', csv],
      ['ok.json', json],
    ] as const) {
      const full = path.join(dir, file);
      writeFileSync(full, text);
      expect(await verdict(() => importFiles(gateway, [parseImport(file, text)], true))).toEqual({
        ok: true,
      });
      expect(await verdict(() => bulkImport(gateway, [full], { dryRun: true }))).toEqual({ ok: true });
      expect(await graphCounts(gateway)).toEqual(before);
    }
    await importFiles(gateway, [parseImport('ok.csv', csv)], false);
    const [row] = await gateway.read({
      name: 'test/crlf',
      cypher: "MATCH (e:Enterprise {id: 'ent:rules.crlf'}) RETURN e.nameEn AS nameEn, e.highTech AS highTech",
    });
    expect(row).toEqual({ nameEn: 'CRLF, Ltd.', highTech: true });
  });

  it('takes an explicit null as "not given", as a mutation does: it neither fails nor erases', async () => {
    const firm = { id: 'ent:rules.nulls', name: '空值公司', nameEn: 'Nulls Co.', sources: [SOURCE] };
    await importFiles(
      gateway,
      [parseImport('n.json', JSON.stringify({ nodes: { Enterprise: [firm] } }))],
      false,
    );
    const again = { ...firm, nameEn: null, highTech: null };
    const full = path.join(dir, 'nulls.json');
    writeFileSync(full, JSON.stringify({ nodes: { Enterprise: [again] } }));
    await importFiles(
      gateway,
      [parseImport('nulls.json', JSON.stringify({ nodes: { Enterprise: [again] } }))],
      false,
    );
    await bulkImport(gateway, [full]);
    const body = await send(
      `mutation($input: EnterpriseInput!) { upsertEnterprise(input: $input, source: "${SOURCE}") { nameEn } }`,
      { input: { id: firm.id, name: firm.name, nameEn: null } },
    );
    expect(body.errors).toBeUndefined();
    const [row] = await gateway.read({
      name: 'test/nulls',
      cypher: `MATCH (e:Enterprise {id: '${firm.id}'}) RETURN e.nameEn AS nameEn, e.highTech AS highTech`,
    });
    expect(row).toEqual({ nameEn: 'Nulls Co.', highTech: null });
  });
});
