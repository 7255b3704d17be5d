/** One contiguous change between two texts: delete `deleteCount` at `index`, then insert `insert` there. */
export interface TextEdit {
  index: number;
  deleteCount: number;
  insert: string;
}

/**
 * The smallest single edit turning `before` into `after` (common prefix and
 * suffix kept), which is what one keystroke, paste or cut in a textarea is.
 * Null when nothing changed.
 */
export function textEdit(before: string, after: string): TextEdit | null {
  if (before === after) return null;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { index: start, deleteCount: before.length - start - end, insert: after.slice(start, after.length - end) };
}
