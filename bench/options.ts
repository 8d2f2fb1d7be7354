/** The bench's options, as `npm run bench --` takes them (see bench/README.md, "Running it"). */
import { SYSTEMS, type System } from './report';
import { selectShapes, type Shape } from './shapes';

export interface BenchOptions {
  enterprises: number;
  seed: number;
  durationS: number;
  warmupS: number;
  concurrency: number;
  shapes: Shape[];
  systems: System[];
  /** Sequential requests per shape through the counting proxy. */
  statementsK: number;
  /**
   * The map shapes on the chains of the median and the largest zone: `on` besides their run over every
   * chain, `only` instead of it, `off` not at all.
   */
  growth: 'on' | 'off' | 'only';
  /** How many processes of (a) the processes phase runs, in turn; empty: no such phase. */
  processes: number[];
  /** The feed's delay phase and the sequencer's takeover phase. */
  feed: boolean;
  takeover: boolean;
  stopDb: boolean;
}

/** The command line of `npm run bench`, checked: an unknown option or a value out of range is refused. */
export function parseArgs(args: string[]): BenchOptions {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const name = arg.slice(2);
    if (name === 'stop-db') flags.add(name);
    else {
      const value = args[i + 1];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      values[name] = value;
      i += 1;
    }
  }
  const known = [
    'enterprises',
    'seed',
    'duration',
    'warmup',
    'concurrency',
    'shapes',
    'systems',
    'statements',
    'growth',
    'processes',
    'feed',
    'takeover',
  ];
  const unknown = Object.keys(values).filter((k) => !known.includes(k));
  if (unknown.length > 0)
    throw new Error(`unknown option --${unknown.join(', --')}; known: --${known.join(', --')}`);
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} ${raw}: expected an integer ${min}..${max}`);
    return n;
  };
  const systems = (values.systems ?? SYSTEMS.join(',')).split(',').map((s) => s.trim());
  const bad = systems.filter((s) => !(SYSTEMS as readonly string[]).includes(s));
  if (bad.length > 0) throw new Error(`unknown system ${bad.join(', ')}; use ${SYSTEMS.join(', ')}`);
  const growth = values.growth ?? 'on';
  if (growth !== 'on' && growth !== 'off' && growth !== 'only')
    throw new Error(`--growth ${growth}: expected on, off or only`);
  const onOff = (name: string): boolean => {
    const raw = values[name] ?? 'on';
    if (raw !== 'on' && raw !== 'off') throw new Error(`--${name} ${raw}: expected on or off`);
    return raw === 'on';
  };
  const rawProcesses = values.processes ?? '1,2,3';
  const processes =
    rawProcesses === 'off'
      ? []
      : rawProcesses.split(',').map((s) => {
          const n = Number(s.trim());
          if (!Number.isInteger(n) || n < 1 || n > 8)
            throw new Error(`--processes ${rawProcesses}: expected off or counts 1..8, comma-separated`);
          return n;
        });
  return {
    enterprises: int('enterprises', 10_000, 10, 10_000_000),
    seed: int('seed', 1, 0, 2 ** 31),
    durationS: int('duration', 10, 1, 3600),
    warmupS: int('warmup', 3, 0, 600),
    concurrency: int('concurrency', 8, 1, 256),
    shapes: selectShapes(values.shapes),
    systems: systems as System[],
    statementsK: int('statements', 5, 1, 1000),
    growth,
    processes,
    feed: onOff('feed'),
    takeover: onOff('takeover'),
    stopDb: flags.has('stop-db'),
  };
}
