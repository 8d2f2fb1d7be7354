/**
 * The Content-Security-Policy of the pages this server serves (GraphiQL, the chain map): everything from
 * this host, nothing inline but styles (both libraries set style attributes at run time), no framing, no
 * forms. A dependency that tried to load from elsewhere fails loudly in the browser tests.
 */
export function pagePolicy(imageSources: string[] = ["'self'", 'data:']): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src ${imageSources.join(' ')}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
