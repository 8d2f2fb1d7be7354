/**
 * Readers for the plain values the gateway returns: rows are `Record<string, unknown>`, and mappers use
 * these to turn a field into the type a GraphQL object needs without trusting the row's shape.
 */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
