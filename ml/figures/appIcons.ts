/**
 * `npm run icons`: rasterises public/icon.svg into the PNG icons and the favicon.ico the web app
 * manifest and the pages link to, and writes the start page's manifest.webmanifest. The SVG is the one drawing; the files it makes are committed,
 * so neither a build nor a server ever draws them.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { webManifest } from '../../shared/sharing.js';

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

/** What to draw: each file's name, pixel size and whether it is full-bleed (maskable, Apple). */
export const APP_ICONS = [
  { file: 'icon-192.png', size: 192, fullBleed: false },
  { file: 'icon-512.png', size: 512, fullBleed: false },
  // Maskable: the launcher crops to its own shape, so the background must reach the edges; the
  // drawing already keeps inside the central 80% circle a mask may leave.
  { file: 'icon-maskable-192.png', size: 192, fullBleed: true },
  { file: 'icon-maskable-512.png', size: 512, fullBleed: true },
  // iOS rounds the corners itself and shows transparency as black.
  { file: 'apple-touch-icon.png', size: 180, fullBleed: true },
] as const;

/** The favicon's sizes: browser tabs (16, 32) and Windows shortcuts (48). */
export const FAVICON_SIZES = [16, 32, 48] as const;

/** The icon drawn at `size` pixels as PNG bytes; full-bleed squares the rounded background. */
export async function drawIcon(svg: string, size: number, fullBleed: boolean): Promise<Buffer> {
  const source = fullBleed ? svg.replace(/ rx="[\d.]+"/, '') : svg;
  const image = await loadImage(Buffer.from(source));
  const canvas = createCanvas(size, size);
  canvas.getContext('2d').drawImage(image, 0, 0, size, size);
  return canvas.encode('png');
}

/**
 * An .ico holding PNG images (understood by every browser since IE 9): a 6-byte header, a 16-byte
 * directory entry per image, then the PNGs.
 */
export function icoFile(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt8(0, e + 2); // no palette
    header.writeUInt8(0, e + 3);
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

/** Writes every icon, favicon.ico and the start page's manifest into `dir` (public/ by default); returns the files written. */
export async function writeAppIcons(dir = PUBLIC_DIR): Promise<string[]> {
  const svg = readFileSync(path.join(dir, 'icon.svg'), 'utf8');
  const written: string[] = [];
  for (const icon of APP_ICONS) {
    writeFileSync(path.join(dir, icon.file), await drawIcon(svg, icon.size, icon.fullBleed));
    written.push(icon.file);
  }
  const favicons = await Promise.all(FAVICON_SIZES.map(async (size) => ({ size, png: await drawIcon(svg, size, false) })));
  writeFileSync(path.join(dir, 'favicon.ico'), icoFile(favicons));
  written.push('favicon.ico');
  writeFileSync(path.join(dir, 'manifest.webmanifest'), `${JSON.stringify(webManifest(), null, 2)}\n`);
  written.push('manifest.webmanifest');
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeAppIcons().then(
    (files) => console.log(`wrote ${files.map((f) => `public/${f}`).join(', ')}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
