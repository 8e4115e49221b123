import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ICONS, FAVICON_SIZES, icoFile } from '../../ml/figures/appIcons.js';
import { webManifest } from '../../shared/sharing.js';

const PUBLIC = path.resolve('public');
const read = (file: string) => readFileSync(path.join(PUBLIC, file));

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('public/', () => {
  it("holds the start page's manifest as webManifest() makes it (run `npm run icons` after changing either)", () => {
    expect(JSON.parse(read('manifest.webmanifest').toString('utf8'))).toEqual(JSON.parse(JSON.stringify(webManifest())));
  });

  it('holds every icon a manifest lists, at the size it claims', () => {
    for (const icon of webManifest().icons) {
      const [w, h] = icon.sizes.split('x').map(Number);
      expect(pngSize(read(icon.src.slice(1)))).toEqual({ width: w, height: h });
    }
    for (const icon of APP_ICONS) expect(pngSize(read(icon.file))).toEqual({ width: icon.size, height: icon.size });
  });

  it('holds a favicon.ico whose directory points at a PNG of each size', () => {
    const ico = read('favicon.ico');
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBe(FAVICON_SIZES.length);
    FAVICON_SIZES.forEach((size, i) => {
      const entry = 6 + 16 * i;
      expect(ico.readUInt8(entry)).toBe(size);
      const offset = ico.readUInt32LE(entry + 12);
      const png = ico.subarray(offset, offset + ico.readUInt32LE(entry + 8));
      expect(pngSize(png)).toEqual({ width: size, height: size });
    });
  });

  it('writes 256-pixel images as 0 in an .ico directory, as the format says', () => {
    const fake = Buffer.from('89504e470d0a1a0a', 'hex');
    const ico = icoFile([{ size: 256, png: fake }, { size: 32, png: fake }]);
    expect([ico.readUInt8(6), ico.readUInt8(22)]).toEqual([0, 32]);
    expect(ico.readUInt32LE(6 + 12)).toBe(6 + 32);
    expect(ico.readUInt32LE(22 + 12)).toBe(6 + 32 + fake.length);
  });
});
