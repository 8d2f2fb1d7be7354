import { Histogram, Registry } from 'prom-client';
import { ConfigError, loadConfig } from '../../src/config/config';
import { log, logError, textLine } from '../../src/log';
import { ANONYMOUS, CappedLabel, OTHER } from '../../src/ops/labels';
import { requestCode } from '../../src/ops/metrics';
import { errorCodesIn, requestIdOf } from '../../src/ops/requests';
import type { RequestRecord } from '../../src/request-scope';
import { captureLogs } from '../support/logs';
import { parseExposition, valueOf } from '../support/prometheus';

/** The one-line message a bad configuration stops with. */
const refusal = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
    return '';
  } catch (error) {
    return error instanceof ConfigError ? error.message : String(error);
  }
};

const ADMIN = 'admin:admin-key-0123456789abcdef';

describe('logging and metrics configuration', () => {
  it('defaults: info, text lines off production, JSON in production, slow at 1 s', () => {
    expect(loadConfig({})).toMatchObject({ logLevel: 'info', logFormat: 'text', slowRequestMs: 1000 });
    expect(loadConfig({ NODE_ENV: 'production' }).logFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'production', LOG_FORMAT: 'text' }).logFormat).toBe('text');
    expect(loadConfig({ LOG_LEVEL: 'DEBUG', SLOW_REQUEST_MS: '0' })).toMatchObject({
      logLevel: 'debug',
      slowRequestMs: 0,
    });
  });

  it('opens /metrics on a loopback bind only; elsewhere it needs an admin key', () => {
    expect(loadConfig({}).metrics).toBe('open');
    expect(loadConfig({ HOST: 'localhost' }).metrics).toBe('open');
    expect(loadConfig({ HOST: '::1' }).metrics).toBe('open');
    expect(loadConfig({ HOST: '0.0.0.0' }).metrics).toBe('admin');
    expect(loadConfig({ HOST: '10.0.0.5' }).metrics).toBe('admin');
    expect(loadConfig({ HOST: '0.0.0.0', METRICS: 'open' }).metrics).toBe('open');
    expect(loadConfig({ METRICS: 'admin', API_KEYS: ADMIN }).metrics).toBe('admin');
  });

  it('refuses bad values, naming the variable', () => {
    expect(refusal({ LOG_LEVEL: 'verbose' })).toContain('LOG_LEVEL="verbose" must be one of trace,');
    expect(refusal({ LOG_FORMAT: 'xml' })).toContain('LOG_FORMAT="xml" must be one of text, json');
    expect(refusal({ SLOW_REQUEST_MS: '-5' })).toContain('SLOW_REQUEST_MS="-5" must be an integer');
    expect(refusal({ METRICS: 'public' })).toContain('METRICS="public" must be one of open, admin, off');
    const noAdmin = 'Invalid configuration: METRICS=admin needs an admin key in API_KEYS';
    expect(refusal({ METRICS: 'admin' })).toBe(noAdmin);
    expect(refusal({ METRICS: 'admin', API_KEYS: 'reader:reader-key-0123456789' })).toBe(noAdmin);
  });
});

describe('metric labels', () => {
  it('keeps the first names, cut to length, and shares (other) past the cap', () => {
    const label = new CappedLabel(3, 8);
    expect(['A', 'B', 'A', 'VeryLongOperationName', 'D', 'A'].map((n) => label.value(n))).toEqual([
      'A',
      'B',
      'A',
      'VeryLong',
      OTHER,
      'A',
    ]);
    expect([undefined, null, ''].map((n) => label.value(n))).toEqual([ANONYMOUS, ANONYMOUS, ANONYMOUS]);
  });

  it('counts a request under its first error code, an HTTP refusal, an abort, or OK', () => {
    const record = (errorCodes?: string[]): RequestRecord => ({
      requestId: 'r',
      startedAt: 0,
      resolved: true,
      statements: 0,
      statementLog: [],
      ...(errorCodes ? { errorCodes } : {}),
    });
    expect(requestCode(record(['TIMEOUT', 'BAD_USER_INPUT']), 200, false)).toBe('TIMEOUT');
    expect(requestCode(record([]), 200, false)).toBe('OK');
    expect(requestCode(record(), 413, false)).toBe('HTTP_413');
    expect(requestCode(record([]), 200, true)).toBe('ABORTED');
  });
});

describe('request ids and error codes', () => {
  it('keeps a plain incoming id and replaces anything else', () => {
    expect(requestIdOf('abc-123_X.y:z/9+=')).toBe('abc-123_X.y:z/9+=');
    for (const bad of [undefined, '', 'a b', 'x'.repeat(129), 'a\nb', '"}', ['a', 'b'], '键']) {
      expect(requestIdOf(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('reads the codes of a response body, a string or an object, and nothing from others', () => {
    expect(errorCodesIn('{"errors":[{"extensions":{"code":"BAD_REQUEST"}},{"message":"x"}]}')).toEqual([
      'BAD_REQUEST',
      'UNKNOWN',
    ]);
    expect(errorCodesIn({ data: {}, errors: [{ extensions: { code: 'NOT_FOUND' } }] })).toEqual([
      'NOT_FOUND',
    ]);
    expect(errorCodesIn({ data: { a: 1 } })).toBeUndefined();
    expect(errorCodesIn('<!DOCTYPE html> "errors"')).toBeUndefined();
    expect(errorCodesIn('{"errors": [')).toBeUndefined();
    expect(errorCodesIn(Buffer.from('x'))).toBeUndefined();
  });
});

describe('log() and logError() through pino', () => {
  let logs: ReturnType<typeof captureLogs>;
  beforeEach(() => {
    logs = captureLogs(['sekret-key-0123456789']);
  });
  afterEach(() => logs.restore());

  it('writes JSON lines with the level, the time, the message and the error with its stack', () => {
    log('ready');
    logError('it broke', new Error('boom', { cause: new Error('root cause') }));
    const [info, error] = logs.lines();
    expect(info).toEqual({ level: 30, time: expect.any(String) as unknown, msg: 'ready' });
    expect(error).toMatchObject({ level: 50, msg: 'it broke', err: { type: 'Error' } });
    const err = error?.err as { message: string; stack: string };
    expect(err.message).toContain('boom');
    expect(err.stack).toMatch(/boom[\s\S]*\n\s+at [\s\S]*caused by: Error: root cause/);
  });

  it('redacts secret fields and every configured secret, even in a message', () => {
    logError('refused sekret-key-0123456789', {
      headers: { authorization: 'Bearer abc', 'x-api-key': 'k1' },
      password: 'pw',
    });
    const all = logs.raw.join('');
    expect(all).not.toMatch(/sekret|Bearer abc|k1|"pw"/);
    expect(logs.lines()[0]?.err).toEqual({
      headers: { authorization: '[Redacted]', 'x-api-key': '[Redacted]' },
      password: '[Redacted]',
    });
  });

  it('prints the text format as the service always did: time, message, stack, then other fields', () => {
    const at = '2026-01-01T00:00:00.000Z';
    expect(textLine(JSON.stringify({ level: 30, time: at, msg: 'ready in 1.0 s' }))).toBe(
      `${at} ready in 1.0 s\n`,
    );
    expect(
      textLine(JSON.stringify({ level: 50, time: at, msg: 'failed', err: { stack: 'Error: x\n    at y' } })),
    ).toBe(`${at} failed: Error: x\n    at y\n`);
    expect(textLine(JSON.stringify({ level: 30, time: at, msg: 'request', status: 200 }))).toBe(
      `${at} request {"status":200}\n`,
    );
  });
});

describe('the strict Prometheus text reader the tests use', () => {
  it("reads prom-client's own output, labelled histograms included", async () => {
    const registry = new Registry();
    const histogram = new Histogram({
      name: 't_seconds',
      help: 'h "quoted" \\ text',
      labelNames: ['op'],
      buckets: [0.1, 1],
      registers: [registry],
    });
    histogram.observe({ op: 'a"b\\c\nd' }, 0.5);
    histogram.observe({ op: 'x' }, 5);
    const exposition = parseExposition(await registry.metrics());
    expect(valueOf(exposition, 't_seconds_count', { op: 'a"b\\c\nd' })).toBe(1);
    expect(valueOf(exposition, 't_seconds_bucket', { op: 'x', le: '1' })).toBe(0);
    expect(valueOf(exposition, 't_seconds_bucket', { op: 'x', le: '+Inf' })).toBe(1);
  });

  it('refuses what a scraper would refuse or misread', () => {
    expect(() => parseExposition('not a metric line\n')).toThrow(/not a sample line/);
    expect(() => parseExposition('# TYPE a counter\nb 1\n')).toThrow(/outside its family/);
    expect(() => parseExposition('# TYPE a counter\n# TYPE a counter\n')).toThrow(/declared twice/);
    expect(() => parseExposition('# TYPE a counter\na{x="1} 1\n')).toThrow(/not a sample line/);
    expect(() =>
      parseExposition('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n'),
    ).toThrow(/not cumulative/);
    expect(() => parseExposition('# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 1\n')).toThrow(
      /differs from the count/,
    );
  });
});
