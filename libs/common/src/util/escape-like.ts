/** A search term for SQL LIKE with its wildcards taken literally (`%`, `_` and the escape `\\` itself). */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
