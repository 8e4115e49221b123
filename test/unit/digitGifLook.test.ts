import { loadImage, createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { encodeDigitGif } from '../../server/images/encodeDigitGif.js';
import { DIGIT_INK, DIGIT_PAPER } from '../../shared/digitLook.js';

/** A digit whose left half is ink and right half blank. */
function halfInk(): Uint8Array {
  return Uint8Array.from({ length: 784 }, (_, i) => (i % 28 < 14 ? 255 : 0));
}

async function pixel(gif: Uint8Array, x: number, y: number): Promise<number[]> {
  const image = await loadImage(Buffer.from(gif));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3));
}

describe('the look of a path GIF', () => {
  it('is dark ink on light paper by default, the colours of the web app', async () => {
    const gif = encodeDigitGif(halfInk(), { scale: 2 });
    expect(await pixel(gif, 50, 20)).toEqual([...DIGIT_PAPER]);
    expect(await pixel(gif, 5, 20)).toEqual([...DIGIT_INK]);
  });

  it('is white on black when asked for the article’s look', async () => {
    const gif = encodeDigitGif(halfInk(), { scale: 2, look: 'dark' });
    expect(await pixel(gif, 50, 20)).toEqual([0, 0, 0]);
    expect(await pixel(gif, 5, 20)).toEqual([255, 255, 255]);
  });
});
