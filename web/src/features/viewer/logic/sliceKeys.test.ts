import { describe, expect, it } from 'vitest';
import { targetIndexForKey } from './sliceKeys';

describe('targetIndexForKey', () => {
  it('steps, pages and jumps within the stack', () => {
    expect(targetIndexForKey('ArrowDown', 5, 220)).toBe(6);
    expect(targetIndexForKey('ArrowUp', 5, 220)).toBe(4);
    expect(targetIndexForKey('PageDown', 5, 220)).toBe(15);
    expect(targetIndexForKey('PageUp', 15, 220)).toBe(5);
    expect(targetIndexForKey('Home', 120, 220)).toBe(0);
    expect(targetIndexForKey('End', 0, 220)).toBe(219);
  });

  it('clamps at both ends', () => {
    expect(targetIndexForKey('ArrowUp', 0, 220)).toBe(0);
    expect(targetIndexForKey('PageDown', 215, 220)).toBe(219);
    expect(targetIndexForKey('PageUp', 3, 220)).toBe(0);
  });

  it('ignores other keys and empty stacks', () => {
    expect(targetIndexForKey('a', 3, 220)).toBeUndefined();
    expect(targetIndexForKey('ArrowDown', 0, 0)).toBeUndefined();
  });
});
