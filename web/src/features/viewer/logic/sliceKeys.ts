/**
 * Keyboard slice navigation, as in every PACS: arrows step one image, Page keys
 * jump {@link PAGE_STEP_IMAGES}, Home/End go to the ends of the stack.
 */
export const PAGE_STEP_IMAGES = 10;

/**
 * The image index a key press moves to, clamped to the stack, or undefined when
 * the key does not navigate (so the event can go elsewhere).
 */
export function targetIndexForKey(key: string, currentIndex: number, total: number): number | undefined {
  if (total <= 0) return undefined;
  const last = total - 1;
  const clamp = (i: number) => Math.min(last, Math.max(0, i));
  switch (key) {
    case 'ArrowUp':
      return clamp(currentIndex - 1);
    case 'ArrowDown':
      return clamp(currentIndex + 1);
    case 'PageUp':
      return clamp(currentIndex - PAGE_STEP_IMAGES);
    case 'PageDown':
      return clamp(currentIndex + PAGE_STEP_IMAGES);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return undefined;
  }
}
