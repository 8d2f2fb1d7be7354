/**
 * A strict reader of Prometheus's text exposition format (version 0.0.4), for tests: it throws on any
 * line outside the grammar, on a sample that belongs to no declared family, on a family declared twice,
 * and on a histogram whose buckets are not cumulative or whose +Inf bucket differs from its count. The
 * npm parser tried first (parse-prometheus-text-format) merges the series of a labelled histogram.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`;
// Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case (prom-client writes `Nan`).
const VALUE =
  '(?:[+-]?(?:[0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)|[nN][aA][nN])';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL},?)*)\\})? (${VALUE})(?: -?[0-9]+)?$`);
const LABELS = new RegExp(LABEL, 'g');
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const HELP = new RegExp(`^# HELP (${NAME}) .*$`);

const unescape = (text: string): string =>
  text.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));

const SUFFIXES: Record<string, string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  let family: { name: string; type: string } | undefined;
  for (const [index, line] of text.split('\n').entries()) {
    const where = `line ${index + 1}: ${JSON.stringify(line)}`;
    if (line === '' || (line.startsWith('#') && !/^# (TYPE|HELP) /.test(line))) continue;
    const type = TYPE.exec(line);
    if (type) {
      const [, name = '', kind = ''] = type;
      if (types.has(name)) throw new Error(`${where}: family declared twice`);
      types.set(name, kind);
      family = { name, type: kind };
      continue;
    }
    if (HELP.test(line)) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`${where}: not a sample line`);
    const [, name = '', labelText = '', , , value = ''] = match;
    const owner = family;
    if (!owner || !(SUFFIXES[owner.type] ?? []).some((suffix) => name === `${owner.name}${suffix}`))
      throw new Error(`${where}: sample outside its family's TYPE`);
    const labels: Record<string, string> = {};
    for (const [, key = '', raw = ''] of labelText.matchAll(LABELS)) labels[key] = unescape(raw);
    samples.push({ name, labels, value: Number(value.replace(/inf(inity)?/i, 'Infinity')) });
  }
  checkHistograms(types, samples);
  return { types, samples };
}

const labelKey = (labels: Record<string, string>): string => JSON.stringify(Object.entries(labels).sort());

function checkHistograms(types: Map<string, string>, samples: Sample[]): void {
  for (const [name, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, { le: number; count: number }[]>();
    for (const s of samples.filter((x) => x.name === `${name}_bucket`)) {
      const { le = '', ...rest } = s.labels;
      const key = labelKey(rest);
      series.set(key, [
        ...(series.get(key) ?? []),
        { le: Number(le.replace('Inf', 'Infinity')), count: s.value },
      ]);
    }
    for (const [key, buckets] of series) {
      const counts = [...buckets].sort((a, b) => a.le - b.le).map((b) => b.count);
      if (counts.some((c, i) => i > 0 && c < (counts[i - 1] ?? 0)))
        throw new Error(`${name}${key}: buckets are not cumulative`);
      const total = samples.find((s) => s.name === `${name}_count` && labelKey(s.labels) === key);
      if (total?.value !== counts[counts.length - 1])
        throw new Error(`${name}${key}: the +Inf bucket differs from the count`);
    }
  }
}

/** One sample's value, with exactly these labels (in any order); 0 when the series does not exist yet. */
export function valueOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  const want = labelKey(labels);
  const found = exposition.samples.find((s) => s.name === name && labelKey(s.labels) === want);
  return found?.value ?? 0;
}
