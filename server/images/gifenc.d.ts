// gifenc ships no types; this declares the part the figures use.
declare module 'gifenc' {
  export interface FrameOptions {
    palette?: number[][];
    /** Milliseconds; GIF stores centiseconds. */
    delay?: number;
    /** -1 once, 0 forever, n > 0 times. */
    repeat?: number;
    transparent?: boolean;
    transparentIndex?: number;
    colorDepth?: number;
    dispose?: number;
  }
  export interface Encoder {
    writeFrame(index: Uint8Array, width: number, height: number, opts?: FrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
  }
  export function GIFEncoder(opts?: { initialCapacity?: number; auto?: boolean }): Encoder;
  /** Picks at most maxColors colours for RGBA pixels. */
  export function quantize(rgba: Uint8Array | Uint8ClampedArray, maxColors: number): number[][];
  /** Maps RGBA pixels to indices into a palette. */
  export function applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: number[][]): Uint8Array;
}
