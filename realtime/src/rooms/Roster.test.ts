import { randomUUID } from 'node:crypto';
import type { Participant } from '@consilium/shared';
import { describe, expect, it } from 'vitest';
import { Roster, paletteIndexOf } from './Roster.js';

const participant = (participantId: string, colour: string): Participant => ({
  participantId,
  name: 'Dr X',
  colour,
  role: 'participant',
  lookingAt: null,
  following: true,
  connection: 'online',
  media: null,
});

describe('Roster.pickColour', () => {
  it('gives the same id the same colour in every process', () => {
    const id = randomUUID();
    expect(new Roster('node-a').pickColour(id)).toBe(new Roster('node-b').pickColour(id));
  });

  it('skips colours members already have', () => {
    const roster = new Roster('node-a');
    const id = randomUUID();
    const first = roster.pickColour(id);
    roster.setLocal(participant(randomUUID(), first), 'socket-1');
    const second = roster.pickColour(id);
    expect(second).not.toBe(first);
  });

  it('spreads first colours over the palette instead of handing everyone the same one', () => {
    const firsts = new Set(Array.from({ length: 50 }, () => new Roster('n').pickColour(randomUUID())));
    expect(firsts.size).toBeGreaterThan(5);
  });

  it('reuses colours once all ten are taken', () => {
    const roster = new Roster('n');
    for (let i = 0; i < 10; i++) roster.setLocal(participant(randomUUID(), roster.pickColour(randomUUID())), `s${i}`);
    expect(new Set(roster.participants().map((p) => p.colour)).size).toBe(10);
    expect(roster.pickColour('x')).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('paletteIndexOf', () => {
  it('stays on the palette', () => {
    for (const id of ['', 'a', randomUUID()]) expect(paletteIndexOf(id)).toBeGreaterThanOrEqual(0);
    expect(paletteIndexOf(randomUUID())).toBeLessThan(10);
  });
});
