import * as tf from '@tensorflow/tfjs';

type Tensor4D = tf.Tensor4D;
type Pad = 'same' | 'valid';

/**
 * The filter gradient of a 2-D convolution, built only from ops the wasm backend has.
 *
 * dW[a,b,ci,co] = sum over n,i,j of xpad[n, i*s+a, j*s+b, ci] * dy[n,i,j,co]. That is itself a
 * convolution: the padded input seen as [Cin, H, W, N] convolved (stride 1, dilation s) with dy
 * seen as a [OH, OW, N, Cout] filter, giving [Cin, kh, kw, Cout].
 */
export function convFilterGradient(
  x: Tensor4D,
  dy: Tensor4D,
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: Pad,
): Tensor4D {
  return tf.tidy(() => {
    const [kh, kw] = filterShape;
    const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, strides, 1, pad);
    const { top, bottom, left, right } = info.padInfo;
    const padded = tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]]);
    const input = tf.transpose(padded, [3, 1, 2, 0]);
    const filter = tf.transpose(dy, [1, 2, 0, 3]);
    const full = tf.conv2d(input, filter, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]);
    const cropped = tf.slice(full, [0, 0, 0, 0], [-1, kh, kw, -1]);
    return tf.transpose(cropped, [1, 2, 0, 3]);
  });
}

interface ConvAttrs {
  strides: [number, number] | number;
  pad: Pad;
  dilations?: [number, number] | number;
  dataFormat?: string;
}

function assertPlain(attrs: ConvAttrs): void {
  const d = attrs.dilations ?? 1;
  const dil = Array.isArray(d) ? d : [d, d];
  if (dil[0] !== 1 || dil[1] !== 1) throw new Error('conv gradient: dilated convolutions are not supported');
  if (attrs.dataFormat && attrs.dataFormat !== 'NHWC') throw new Error('conv gradient: only NHWC');
  if (typeof attrs.pad !== 'string') throw new Error('conv gradient: only "same" or "valid" padding');
}

/**
 * Registers gradients for Conv2D and Conv2DBackpropInput (the kernel behind conv2dTranspose) that
 * avoid the Conv2DBackpropFilter kernel. Gradients are global in tfjs, so this is done only when
 * the active backend lacks that kernel. Returns whether it registered anything.
 */
export function registerConvGradientsIfNeeded(): boolean {
  const backend = tf.getBackend();
  if (tf.getKernel('Conv2DBackpropFilter', backend) != null) return false;
  tf.registerGradient({
    kernelName: 'Conv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved as [Tensor4D, Tensor4D];
      const a = attrs as unknown as ConvAttrs;
      assertPlain(a);
      const g = dy as Tensor4D;
      return {
        x: () => tf.conv2dTranspose(g, filter, x.shape, a.strides, a.pad),
        filter: () => convFilterGradient(x, g, filter.shape, a.strides, a.pad),
      };
    },
  });
  tf.registerGradient({
    kernelName: 'Conv2DBackpropInput',
    inputsToSave: ['dy', 'filter'],
    gradFunc: (ddx, saved, attrs) => {
      const [dy, filter] = saved as [Tensor4D, Tensor4D];
      const a = attrs as unknown as ConvAttrs;
      assertPlain(a);
      const g = ddx as Tensor4D;
      return {
        dy: () => tf.conv2d(g, filter, a.strides, a.pad),
        filter: () => convFilterGradient(g, dy, filter.shape, a.strides, a.pad),
      };
    },
  });
  return true;
}
