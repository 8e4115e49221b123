import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../ml/training/backend.js';
import { convFilterGradient, registerConvGradientsIfNeeded } from '../../ml/training/convGradients.js';

/** The cpu backend's own Conv2DBackpropFilter kernel: the reference the wasm-friendly trick must match. */
async function cpuKernelFilterGrad(x: Float32Array, xs: number[], dy: Float32Array, dys: number[], filterShape: number[], strides: number, pad: 'same' | 'valid') {
  await tf.setBackend('cpu');
  const out = tf.engine().runKernel(
    'Conv2DBackpropFilter',
    { x: tf.tensor(x, xs), dy: tf.tensor(dy, dys) },
    { strides, pad, dataFormat: 'NHWC', filterShape },
  ) as tf.Tensor;
  return out.data() as Promise<Float32Array>;
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

type Shape4 = [number, number, number, number];
const cases: { name: string; xs: Shape4; fs: Shape4; stride: number; pad: 'same' | 'valid' }[] = [
  { name: 'stride 2 same (the encoder convs)', xs: [3, 28, 28, 4], fs: [3, 3, 4, 6], stride: 2, pad: 'same' },
  { name: 'stride 1 same (the last deconv)', xs: [2, 14, 14, 5], fs: [3, 3, 5, 3], stride: 1, pad: 'same' },
  { name: 'stride 2 valid', xs: [2, 15, 15, 2], fs: [3, 3, 2, 4], stride: 2, pad: 'valid' },
];

describe('conv filter gradient without Conv2DBackpropFilter', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('is needed: the wasm backend has no Conv2DBackpropFilter kernel', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBeDefined();
  });

  for (const c of cases) {
    it(`equals the cpu kernel's filter gradient for ${c.name}`, async () => {
      await tf.setBackend('wasm');
      const x = tf.randomNormal(c.xs, 0, 1, 'float32', 7) as tf.Tensor4D;
      const info = tf.backend_util.computeConv2DInfo(x.shape, c.fs, c.stride, 1, c.pad);
      const dy = tf.randomNormal([c.xs[0], info.outHeight, info.outWidth, c.fs[3]], 0, 1, 'float32', 8) as tf.Tensor4D;
      const ours = await convFilterGradient(x, dy, c.fs, c.stride, c.pad).data() as Float32Array;
      const xData = (await x.data()) as Float32Array;
      const dyData = (await dy.data()) as Float32Array;
      const reference = await cpuKernelFilterGrad(xData, c.xs, dyData, dy.shape, c.fs, c.stride, c.pad);
      expect(ours.length).toBe(reference.length);
      expect(maxRelDiff(ours, reference)).toBeLessThan(1e-5);
      await tf.setBackend('wasm');
    });
  }

  it('gives conv2dTranspose filter gradients on wasm equal to the cpu kernels', async () => {
    await tf.setBackend('wasm');
    const dy = tf.randomNormal([2, 7, 7, 8], 0, 1, 'float32', 3) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 4, 8], 0, 1, 'float32', 4) as tf.Tensor4D;
    const target = tf.randomNormal([2, 14, 14, 4], 0, 1, 'float32', 5);
    const f = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2dTranspose(a, b, [2, 14, 14, 4], 2, 'same').mul(target).sum();
    const [gDy, gW] = tf.grads(f as (...t: tf.Tensor[]) => tf.Tensor)([dy, w]);
    const ours = { dy: (await gDy.data()) as Float32Array, w: (await gW.data()) as Float32Array };
    // Reference on cpu from the kernels the default gradient uses: conv2d for dy, Conv2DBackpropFilter for the filter.
    const targetData = (await target.data()) as Float32Array;
    const dyData = (await dy.data()) as Float32Array;
    const wData = (await w.data()) as Float32Array;
    const refW = await cpuKernelFilterGrad(targetData, [2, 14, 14, 4], dyData, [2, 7, 7, 8], [3, 3, 4, 8], 2, 'same');
    const refDy = (await tf.conv2d(tf.tensor4d(targetData, [2, 14, 14, 4]), tf.tensor4d(wData, [3, 3, 4, 8]), 2, 'same').data()) as Float32Array;
    expect(maxRelDiff(ours.w, refW)).toBeLessThan(1e-5);
    expect(maxRelDiff(ours.dy, refDy)).toBeLessThan(1e-5);
    await tf.setBackend('wasm');
  });

  it('registers nothing on a backend that has the kernel', async () => {
    await tf.setBackend('cpu');
    expect(registerConvGradientsIfNeeded()).toBe(false);
    await tf.setBackend('wasm');
  });
});
