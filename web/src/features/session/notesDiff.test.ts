import { describe, expect, it } from 'vitest';
import { textEdit } from './notesDiff';

describe('textEdit', () => {
  it('finds an insertion, a deletion and a replacement', () => {
    expect(textEdit('T2 N0', 'T2 N1 M0')).toEqual({ index: 4, deleteCount: 0, insert: '1 M' });
    expect(textEdit('T2 N0', 'T3 N0')).toEqual({ index: 1, deleteCount: 1, insert: '3' });
    expect(textEdit('abcdef', 'abef')).toEqual({ index: 2, deleteCount: 2, insert: '' });
    expect(textEdit('', 'x')).toEqual({ index: 0, deleteCount: 0, insert: 'x' });
  });
  it('keeps a repeated letter where the caret was (aa → aaa is one insert)', () => {
    const edit = textEdit('aa', 'aaa')!;
    expect(edit.deleteCount).toBe(0);
    expect(edit.insert).toBe('a');
  });
  it('returns null when nothing changed', () => {
    expect(textEdit('same', 'same')).toBeNull();
  });
});
