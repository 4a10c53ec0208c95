/** About 2 megapixels: sharp enough to read a crack or a stain, small enough to queue on a phone and send on weak signal. */
export const PHOTO_PIXEL_BUDGET = 2_000_000;

/**
 * The size a photo is scaled to: within the pixel budget, the same shape (to rounding), never larger
 * than the original.
 */
export function photoTarget(
  width: number,
  height: number,
  budget = PHOTO_PIXEL_BUDGET,
): { width: number; height: number } {
  if (width * height <= budget) return { width, height };
  const scale = Math.sqrt(budget / (width * height));
  // floor keeps the product within the budget; never below one pixel
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}
