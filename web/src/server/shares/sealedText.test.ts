import { describe, expect, it } from 'vitest';
import { openSealedText, sealText } from './sealedText';

describe('sealText', () => {
  const secret = 'a secret of at least thirty-two characters';
  it('round-trips, differs each time, and opens under its own secret only, unaltered only', () => {
    const sealed = sealText(secret, 'join-token-123');
    expect(sealed).not.toContain('join-token-123');
    expect(sealText(secret, 'join-token-123')).not.toBe(sealed);
    expect(openSealedText(secret, sealed)).toBe('join-token-123');
    expect(openSealedText('another secret of thirty-two characters!', sealed)).toBeUndefined();
    const parts = sealed.split('.');
    parts[3] = `${parts[3]?.slice(0, -2)}AA`;
    expect(openSealedText(secret, parts.join('.'))).toBeUndefined();
    expect(openSealedText(secret, 'garbage')).toBeUndefined();
  });
});
