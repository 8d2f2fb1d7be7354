/**
 * Progress of a long run: on a terminal one line redrawn in place (rows done of total, rows per second,
 * time left); otherwise, as in a log file or CI, a plain line every few seconds.
 */
export interface Progress {
  /** Adds rows done. */
  tick(rows: number): void;
  /** Ends the line; call once at the end. */
  done(): void;
}

const REDRAW_MS = 200;
const LOG_EVERY_MS = 5000;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** A progress display for `total` rows on `out` (a TTY gets the redrawn bar). */
export function createProgress(label: string, total: number, out: NodeJS.WritableStream): Progress {
  const tty = (out as { isTTY?: boolean }).isTTY === true;
  const started = Date.now();
  let rows = 0;
  let shownAt = 0;
  const line = (): string => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? rows / seconds : 0;
    const share = total > 0 ? rows / total : 1;
    const eta = rate > 0 ? (total - rows) / rate : Number.POSITIVE_INFINITY;
    return `${label} ${(100 * share).toFixed(1)}% ${rows}/${total} rows, ${Math.round(rate)} rows/s, ETA ${duration(eta)}`;
  };
  const bar = (): string => {
    const width = 24;
    const filled = Math.round(width * Math.min(1, total > 0 ? rows / total : 1));
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] `;
  };
  return {
    tick(n) {
      rows += n;
      const now = Date.now();
      if (now - shownAt < (tty ? REDRAW_MS : LOG_EVERY_MS)) return;
      shownAt = now;
      if (tty) out.write(`\r${bar()}${line()}\u001b[K`);
      else out.write(`${new Date().toISOString()} ${line()}\n`);
    },
    done() {
      if (tty) out.write(`\r${bar()}${line()}\u001b[K\n`);
    },
  };
}
