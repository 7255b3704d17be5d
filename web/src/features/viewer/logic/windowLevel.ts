/**
 * Window width/centre and the display range they select, with the linear VOI
 * function of PS3.3 C.11.2.1.2.1 — the same formulas Cornerstone's
 * `utilities/windowLevel.ts` uses, so a preset and the overlay read back the
 * numbers the user chose.
 */
export interface WindowLevel {
  windowWidth: number;
  windowCenter: number;
}

export interface VoiRange {
  lower: number;
  upper: number;
}

/** PS3.3 C.11.2.1.2.1: x ≤ c − 0.5 − (w−1)/2 → black, x > c − 0.5 + (w−1)/2 → white. */
export function toVoiRange({ windowWidth, windowCenter }: WindowLevel): VoiRange {
  return {
    lower: windowCenter - 0.5 - (windowWidth - 1) / 2,
    upper: windowCenter - 0.5 + (windowWidth - 1) / 2,
  };
}

/** The inverse of {@link toVoiRange}. */
export function toWindowLevel({ lower, upper }: VoiRange): WindowLevel {
  return { windowWidth: Math.abs(upper - lower) + 1, windowCenter: (lower + upper + 1) / 2 };
}

/** A named CT window, in HU. */
export interface WindowLevelPreset extends WindowLevel {
  readonly name: 'Brain' | 'Lung' | 'Bone' | 'Abdomen';
}

/**
 * The CT windows radiologists switch between. Bone is W1800 L400 (the
 * Radiopaedia "bone window"), wide enough for cortex without saturating
 * cancellous bone.
 */
export const CT_WINDOW_PRESETS: readonly WindowLevelPreset[] = [
  { name: 'Brain', windowWidth: 80, windowCenter: 40 },
  { name: 'Lung', windowWidth: 1500, windowCenter: -600 },
  { name: 'Bone', windowWidth: 1800, windowCenter: 400 },
  { name: 'Abdomen', windowWidth: 400, windowCenter: 40 },
];

/** The preset of that name, or undefined for anything else (e.g. a custom window). */
export function findWindowPreset(name: string): WindowLevelPreset | undefined {
  return CT_WINDOW_PRESETS.find((preset) => preset.name === name);
}

/** The preset whose window matches the given one to within 0.5 HU, for the select's value. */
export function matchWindowPreset(windowLevel: WindowLevel): WindowLevelPreset | undefined {
  return CT_WINDOW_PRESETS.find(
    (p) => Math.abs(p.windowWidth - windowLevel.windowWidth) < 0.5 && Math.abs(p.windowCenter - windowLevel.windowCenter) < 0.5,
  );
}
