import { describe, expect, it } from 'vitest';
import { CT_WINDOW_PRESETS, findWindowPreset, matchWindowPreset, toVoiRange, toWindowLevel } from './windowLevel';

describe('window/level', () => {
  it('maps W400 L40 to the PS3.3 C.11.2.1.2.1 linear range', () => {
    expect(toVoiRange({ windowWidth: 400, windowCenter: 40 })).toEqual({ lower: -160, upper: 239 });
  });

  it('round-trips every preset exactly', () => {
    for (const preset of CT_WINDOW_PRESETS) {
      expect(toWindowLevel(toVoiRange(preset))).toEqual({ windowWidth: preset.windowWidth, windowCenter: preset.windowCenter });
    }
  });

  it('has the four CT presets with their clinical windows', () => {
    expect(CT_WINDOW_PRESETS.map((p) => [p.name, p.windowWidth, p.windowCenter])).toEqual([
      ['Brain', 80, 40],
      ['Lung', 1500, -600],
      ['Bone', 1800, 400],
      ['Abdomen', 400, 40],
    ]);
  });

  it('finds presets by name and by window', () => {
    expect(findWindowPreset('Lung')?.windowCenter).toBe(-600);
    expect(findWindowPreset('Liver')).toBeUndefined();
    expect(matchWindowPreset({ windowWidth: 1500.2, windowCenter: -599.9 })?.name).toBe('Lung');
    expect(matchWindowPreset({ windowWidth: 350, windowCenter: 40 })).toBeUndefined();
  });
});
