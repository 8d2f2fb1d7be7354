import path from 'node:path';
import { ConfigError, loadConfig, VARIABLES } from '../../src/config/config';
import { neo4jConf } from '../../src/db/provision/local';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('has a default for every variable, and starts with none set', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 4000,
      provision: 'auto',
      external: undefined,
      database: 'neo4j',
      readyTimeoutMs: 120_000,
      txTimeoutMs: 15_000,
      seedOnEmpty: true,
    });
    expect(config.managed).toEqual({
      profile: 'dev',
      boltPort: 7687,
      heap: '1g',
      pageCache: '1g',
      plugins: [],
      dir: path.resolve('/srv/app', '.neo4j'),
    });
    expect(Object.keys(VARIABLES)).toContain('NEO4J_URI');
  });

  it('refuses PORT=abc with a message naming the variable, the value and the range', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow('PORT="abc" must be an integer from 0 to 65535');
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '12.5'],
    ['NEO4J_LOCAL_PORT', '0'],
    ['NEO4J_HEAP', 'lots'],
    ['NEO4J_PAGECACHE', '0m'],
    ['NEO4J_PROVISION', 'kubernetes'],
    ['NODE_ENV', 'staging'],
    ['SEED_ON_EMPTY', 'maybe'],
    ['NEO4J_TX_TIMEOUT_MS', '5'],
    ['NEO4J_PROFILE', '../etc'],
    ['HOST', 'a b'],
    ['NEO4J_DATABASE', 'x;DROP'],
  ])('refuses %s=%s', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${name}=`);
  });

  it('reports every bad variable at once', () => {
    expect(problemsOf({ PORT: 'abc', NEO4J_HEAP: 'x', NEO4J_PROVISION: 'nope' })).toHaveLength(3);
  });

  it('uses NEO4J_URI with its credentials when set, and switches auto to external', () => {
    const config = loadConfig({
      NEO4J_URI: 'neo4j+s://db.example.org',
      NEO4J_USER: 'reader',
      NEO4J_PASSWORD: 'secret',
      NEO4J_DATABASE: 'graph',
    });
    expect(config.provision).toBe('external');
    expect(config.external).toEqual({
      uri: 'neo4j+s://db.example.org',
      user: 'reader',
      password: 'secret',
      database: 'graph',
    });
  });

  it('refuses a NEO4J_URI with a scheme the driver does not speak', () => {
    expect(problemsOf({ NEO4J_URI: 'http://localhost:7474' })[0]).toContain('must start with one of neo4j');
  });

  it('refuses NEO4J_PROVISION=external without NEO4J_URI', () => {
    expect(problemsOf({ NEO4J_PROVISION: 'external' })).toEqual(['NEO4J_PROVISION=external needs NEO4J_URI']);
  });

  it('takes APOC as the one plugin, and writes the settings @neo4j/graphql needs for it', () => {
    const config = loadConfig({ NEO4J_PLUGINS: ' APOC, apoc ' });
    expect(config.managed.plugins).toEqual(['apoc']);
    expect(neo4jConf(config.managed)).toContain('dbms.security.procedures.unrestricted=apoc.*');
    expect(neo4jConf(loadConfig({}).managed)).not.toContain('apoc');
    expect(problemsOf({ NEO4J_PLUGINS: 'apoc,gds;rm -rf' })).toEqual([
      'NEO4J_PLUGINS="gds;rm -rf" may only list apoc',
    ]);
  });

  it('keeps CORS off and stack traces hidden by default, whatever NODE_ENV', () => {
    expect(loadConfig({})).toMatchObject({ corsOrigins: [], debug: false });
    expect(loadConfig({ NODE_ENV: 'development' }).debug).toBe(false);
    expect(loadConfig({ GRAPHQL_DEBUG: 'true' }).debug).toBe(true);
    expect(problemsOf({ GRAPHQL_DEBUG: 'yes' })).toEqual([
      'GRAPHQL_DEBUG="yes" must be one of true, false, 1, 0',
    ]);
  });

  it('reads CORS_ORIGINS as a list of origins, or * alone, and refuses anything else', () => {
    expect(
      loadConfig({ CORS_ORIGINS: 'https://app.example.org, http://localhost:3000,http://[::1]:8080' })
        .corsOrigins,
    ).toEqual(['https://app.example.org', 'http://localhost:3000', 'http://[::1]:8080']);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    for (const bad of [
      'app.example.org',
      'https://app.example.org/',
      'ftp://x.org',
      'https://a.org,*',
      'https://a b.org',
    ]) {
      expect({ bad, problems: problemsOf({ CORS_ORIGINS: bad }).length }).toEqual({ bad, problems: 1 });
    }
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', NEO4J_URI: '  ' }).port).toBe(4000);
  });
});
