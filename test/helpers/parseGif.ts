/** What a test needs to know about a GIF: its screen size, frames and their delays. */
export interface GifInfo {
  version: string;
  width: number;
  height: number;
  frames: number;
  /** Per frame, in milliseconds (GIF stores centiseconds). */
  delaysMs: number[];
  /** Netscape loop count: 0 loops forever; undefined plays once. */
  loops?: number;
}

/** Walks the GIF block structure (GIF89a spec) without decoding pixels. */
export function parseGif(bytes: Uint8Array): GifInfo {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  const version = ascii(0, 6);
  if (version !== 'GIF89a' && version !== 'GIF87a') throw new Error(`not a GIF: ${version}`);
  const u16 = (at: number) => bytes[at] | (bytes[at + 1] << 8);
  const info: GifInfo = { version, width: u16(6), height: u16(8), frames: 0, delaysMs: [] };
  const packed = bytes[10];
  let p = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  const skipSubBlocks = () => {
    while (bytes[p] !== 0) p += bytes[p] + 1;
    p++;
  };
  for (;;) {
    const block = bytes[p++];
    if (block === 0x3b) return info;
    if (block === 0x21) {
      const label = bytes[p++];
      if (label === 0xf9) info.delaysMs.push(u16(p + 2) * 10);
      if (label === 0xff && ascii(p + 1, p + 12) === 'NETSCAPE2.0') info.loops = u16(p + 12 + 2);
      skipSubBlocks();
    } else if (block === 0x2c) {
      info.frames++;
      const local = bytes[p + 8];
      p += 9 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0);
      p++; // LZW minimum code size
      skipSubBlocks();
    } else {
      throw new Error(`unexpected GIF block 0x${block?.toString(16)} at ${p - 1}`);
    }
  }
}
