/** Replaces what lies between two marker lines of a document (generated sections of READMEs). */
export function replaceBetween(document: string, start: string, end: string, content: string): string {
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`markers ${start} … ${end} not found`);
  return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`;
}

/** What lies between two marker lines, trimmed; undefined when the markers are missing. */
export function textBetween(document: string, start: string, end: string): string | undefined {
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  return from < 0 || to < from ? undefined : document.slice(from + start.length, to).trim();
}
