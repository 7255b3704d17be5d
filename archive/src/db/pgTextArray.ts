/**
 * A PostgreSQL array literal, bound as one parameter (`${pgTextArray(v)}::text[]`,
 * or `::int[]` for numbers): drizzle's sql template would spread a JS array into
 * separate parameters. `null` items become SQL NULL.
 */
export function pgTextArray(values: readonly (string | number | null | undefined)[]): string {
  const items = values.map((v) =>
    v === null || v === undefined ? 'NULL' : `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`,
  );
  return `{${items.join(',')}}`;
}
