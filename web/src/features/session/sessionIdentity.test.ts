import { describe, expect, it } from 'vitest';
import { inviteLink } from './sessionIdentity';

describe('inviteLink', () => {
  it('keeps the page, drops other parameters and carries only the session and its join token', () => {
    const link = inviteLink('http://127.0.0.1:3000/viewer/1.2.3?session=old&host=secret#x', 'abc', 'tok');
    expect(link).toBe('http://127.0.0.1:3000/viewer/1.2.3?session=abc&join=tok');
  });
});
