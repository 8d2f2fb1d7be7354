import { loadExamples } from '../../src/server/ide';
import { loadCuratedData, startTestServer, statementCounter, type TestServer } from '../support/server';

/** Every saved example of the IDE answers on the curated data, without errors, in one statement per root field. */
describe('IDE examples (real database, curated data)', () => {
  let server: TestServer;
  let ask: ReturnType<typeof statementCounter>['ask'];
  const examples = loadExamples();

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer();
    ({ ask } = statementCounter(server));
  });
  afterAll(() => server.close());

  it('has at least eight examples, each opening with a one-line description', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    for (const { query } of examples) expect(query).toMatch(/^# .{20,}\n(query|\{)/);
  });

  it.each(examples.map((e) => [e.query.split('\n')[0] ?? '', e.query]))('%s', async (_title, query) => {
    const body = await ask(query);
    expect(body.errors).toBeUndefined();
    const values = Object.values(body.data ?? {});
    expect(values.length).toBeGreaterThan(0);
    // An example may ask for something the articles do not give (Baiyin's talent chain), but its main
    // question, the first root field, has an answer.
    expect(values[0] === null || (Array.isArray(values[0]) && values[0].length === 0)).toBe(false);
  });
});
