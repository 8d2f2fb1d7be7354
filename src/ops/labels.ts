/**
 * Prometheus keeps one time series per label value, and operation names are chosen by clients: a
 * caller inventing a new name per request would grow the server's memory without bound. So a label
 * keeps the first `maxValues` names it sees, each cut to `maxLength`; the rest share `(other)`.
 */
export class CappedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly maxValues: number,
    private readonly maxLength = 64,
  ) {}

  /** The label value for a name; a missing or empty one is `(anonymous)`. */
  value(name: string | undefined | null): string {
    if (name === undefined || name === null || name === '') return ANONYMOUS;
    const cut = name.slice(0, this.maxLength);
    if (this.seen.has(cut)) return cut;
    if (this.seen.size >= this.maxValues) return OTHER;
    this.seen.add(cut);
    return cut;
  }
}

export const ANONYMOUS = '(anonymous)';
export const OTHER = '(other)';
/** An operation the service never resolved: unparsable, invalid, refused before GraphQL ran. */
export const UNKNOWN = '(unknown)';
