import { IMAGE_SIZE } from '../../shared/constants.js';

/** Resizes one 28x28 digit to `side` x `side` by nearest neighbour, so pixels stay crisp and exact. */
export function scaleDigit(digit: Uint8Array, side: number): Uint8Array {
  const out = new Uint8Array(side * side);
  for (let y = 0; y < side; y++) {
    const row = Math.floor((y * IMAGE_SIZE) / side) * IMAGE_SIZE;
    for (let x = 0; x < side; x++) out[y * side + x] = digit[row + Math.floor((x * IMAGE_SIZE) / side)];
  }
  return out;
}
