import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PHOTO_PIXEL_BUDGET, photoTarget } from './photo-size.ts';

const side = fc.integer({ min: 1, max: 12_000 });

describe('the size a photo is queued at', () => {
  it('scales a 12 MP phone photo to about 2 MP, keeping its shape', () => {
    const { width, height } = photoTarget(4000, 3000);
    expect(width * height).toBeLessThanOrEqual(PHOTO_PIXEL_BUDGET);
    expect(width * height).toBeGreaterThan(PHOTO_PIXEL_BUDGET * 0.99);
    expect(width / height).toBeCloseTo(4 / 3, 2);
  });

  it('never exceeds the budget, never upscales, and keeps the aspect ratio to a pixel', () => {
    fc.assert(
      fc.property(side, side, (w, h) => {
        const t = photoTarget(w, h);
        expect(t.width).toBeLessThanOrEqual(w);
        expect(t.height).toBeLessThanOrEqual(h);
        if (w * h > PHOTO_PIXEL_BUDGET) {
          expect(t.width * t.height).toBeLessThanOrEqual(PHOTO_PIXEL_BUDGET);
          // rounding moves each side by under a pixel
          expect(Math.abs(t.width / w - t.height / h)).toBeLessThan(1 / Math.min(t.width, t.height) + 1e-9);
        } else expect(t).toEqual({ width: w, height: h });
      }),
    );
  });
});
