import * as tf from '@tensorflow/tfjs';
import type { OnnxGraph, OnnxInitializer, OnnxNode } from './onnxProto.js';

/**
 * Converts a tfjs layers model built from Conv2D, Conv2DTranspose, Dense, Flatten, Reshape,
 * Dropout and Activation layers (linear, relu, sigmoid, softmax) into an ONNX graph. tfjs is NHWC
 * while ONNX convolutions are NCHW, so every 4-D tensor inside the graph is kept physically NCHW
 * and transposed only where the HWC order matters: around Flatten and Reshape, whose element
 * order tfjs defines in HWC.
 */

/** What the caller wants at the graph's edges. */
export interface EdgeSpec {
  /** Graph input name and its shape without the batch dim (e.g. [28, 28] for a one-channel image). */
  input: { name: string; shape: number[] };
  /** Graph output names, one per model output, in order. */
  outputs: string[];
}

interface Built {
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
}

/** A layer output as it lives in the ONNX graph: 4-D ones are NCHW. */
interface Value {
  name: string;
  /** The tfjs shape without batch: [H, W, C] or [features]. */
  shape: number[];
}

function floats(t: tf.Tensor, perm?: number[]): { data: Float32Array; dims: number[] } {
  return tf.tidy(() => {
    const moved = perm ? tf.transpose(t, perm) : t;
    return { data: Float32Array.from(moved.dataSync()), dims: moved.shape };
  });
}

function int64s(values: number[]): BigInt64Array {
  return BigInt64Array.from(values.map((v) => BigInt(v)));
}

/**
 * TF 'same' padding on one spatial axis for a conv mapping `big` to `small` pixels (for a
 * transposed conv it is the crop of the conv it is the gradient of): odd totals pad more AFTER,
 * which is why pads come out as [0, 1] for kernel 3, stride 2.
 */
export function samePads(big: number, small: number, kernel: number, stride: number): [number, number] {
  const total = Math.max((small - 1) * stride + kernel - big, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

function spatialAttrs(layer: tf.layers.Layer, inShape: number[], outShape: number[], transposed: boolean) {
  const config = layer.getConfig() as { kernelSize: number[]; strides: number[]; padding: string; dilationRate?: number[] };
  if (config.padding !== 'same' && config.padding !== 'valid') throw new Error(`${layer.name}: padding ${config.padding} is not supported`);
  if ((config.dilationRate ?? [1, 1]).some((d) => d !== 1)) throw new Error(`${layer.name}: dilation is not supported`);
  const [big, small] = transposed ? [outShape, inShape] : [inShape, outShape];
  const pads = [0, 0, 0, 0];
  if (config.padding === 'same') {
    for (let axis = 0; axis < 2; axis++) {
      const [before, after] = samePads(big[axis], small[axis], config.kernelSize[axis], config.strides[axis]);
      pads[axis] = before;
      pads[axis + 2] = after;
    }
  }
  return [
    { name: 'kernel_shape', ints: config.kernelSize },
    { name: 'strides', ints: config.strides },
    { name: 'pads', ints: pads },
    { name: 'dilations', ints: [1, 1] },
  ];
}

function addActivation(out: Built, layer: tf.layers.Layer, input: string): string {
  const activation = (layer.getConfig() as { activation?: string }).activation ?? 'linear';
  const op = { linear: null, relu: 'Relu', sigmoid: 'Sigmoid', softmax: 'Softmax' }[activation];
  if (op === undefined) throw new Error(`${layer.name}: activation ${activation} is not supported`);
  if (op === null) return input;
  // tfjs takes the softmax over the last axis; say so rather than lean on the opset's default.
  const attributes = op === 'Softmax' ? [{ name: 'axis', int: -1 }] : undefined;
  out.nodes.push({ name: `${layer.name}/${op}`, opType: op, inputs: [input], outputs: [layer.name], attributes });
  return layer.name;
}

function addWeights(out: Built, layer: tf.layers.Layer, perm?: number[]): string[] {
  const [kernel, bias] = layer.getWeights();
  const names = [`${layer.name}/kernel`];
  out.initializers.push({ name: names[0], ...floats(kernel, perm) });
  if (bias) {
    names.push(`${layer.name}/bias`);
    out.initializers.push({ name: names[1], ...floats(bias) });
  }
  return names;
}

function dropBatch(shape: tf.Shape | tf.Shape[]): number[] {
  return (shape as number[]).slice(1);
}

function convertLayer(out: Built, layer: tf.layers.Layer, input: Value): Value {
  const type = layer.getClassName();
  const shape = dropBatch(layer.outputShape);
  const pre = `${layer.name}/pre`;
  switch (type) {
    case 'Dense': {
      out.nodes.push({ name: `${layer.name}/Gemm`, opType: 'Gemm', inputs: [input.name, ...addWeights(out, layer)], outputs: [pre] });
      return { name: addActivation(out, layer, pre), shape };
    }
    case 'Conv2D':
    case 'Conv2DTranspose': {
      // conv2d [kh,kw,in,out] -> Conv [out,in,kh,kw]; conv2dTranspose [kh,kw,out,in] -> ConvTranspose [in,out,kh,kw].
      const transposed = type === 'Conv2DTranspose';
      const attributes = spatialAttrs(layer, input.shape, shape, transposed);
      const opType = transposed ? 'ConvTranspose' : 'Conv';
      out.nodes.push({ name: `${layer.name}/${opType}`, opType, inputs: [input.name, ...addWeights(out, layer, [3, 2, 0, 1])], outputs: [pre], attributes });
      return { name: addActivation(out, layer, pre), shape };
    }
    case 'Flatten': {
      const hwc = `${layer.name}/nhwc`;
      out.nodes.push({ name: `${layer.name}/Transpose`, opType: 'Transpose', inputs: [input.name], outputs: [hwc], attributes: [{ name: 'perm', ints: [0, 2, 3, 1] }] });
      return { name: reshape(out, layer.name, hwc, [-1, ...shape], layer.name), shape };
    }
    case 'Reshape': {
      if (shape.length !== 3) throw new Error(`${layer.name}: only reshapes to [H, W, C] are supported`);
      const hwc = reshape(out, layer.name, input.name, [-1, ...shape], `${layer.name}/nhwc`);
      out.nodes.push({ name: `${layer.name}/Transpose`, opType: 'Transpose', inputs: [hwc], outputs: [layer.name], attributes: [{ name: 'perm', ints: [0, 3, 1, 2] }] });
      return { name: layer.name, shape };
    }
    case 'Activation':
      return { name: addActivation(out, layer, input.name), shape };
    case 'Dropout':
      // Dropout only acts in training; the exported graph is for inference, where it is the identity.
      return input;
    default:
      throw new Error(`${layer.name}: layer type ${type} is not supported by the ONNX exporter`);
  }
}

function reshape(out: Built, prefix: string, input: string, target: number[], output: string): string {
  const shapeName = `${prefix}/shape`;
  out.initializers.push({ name: shapeName, dims: [target.length], data: int64s(target) });
  out.nodes.push({ name: `${prefix}/Reshape`, opType: 'Reshape', inputs: [input, shapeName], outputs: [output] });
  return output;
}

/**
 * The contract's images are [N, 28, 28]: with one channel, NHWC, NCHW and HW hold the same
 * element order, so a Reshape moves an image between the edge and the graph's NCHW inside.
 */
function assertOneChannel(shape: number[], where: string): void {
  if (shape.length === 3 && shape[2] !== 1) throw new Error(`${where}: image edges must have one channel, got ${shape}`);
  if (shape.length !== 3 && shape.length !== 1) throw new Error(`${where}: unsupported edge shape ${shape}`);
}

/** Gives a graph output its contract name: renames the producer when nothing else reads it. */
function renameOutput(out: Built, from: string, to: string): void {
  const producer = out.nodes.find((n) => n.outputs[0] === from);
  const consumed = out.nodes.some((n) => n.inputs.includes(from));
  if (producer && !consumed) producer.outputs[0] = to;
  else out.nodes.push({ name: `${to}/Identity`, opType: 'Identity', inputs: [from], outputs: [to] });
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Converts `model` into an ONNX graph with the given edge names and shapes, batch dimension 'N'. */
export function layersModelToOnnx(model: tf.LayersModel, edges: EdgeSpec, graphName: string): OnnxGraph {
  const out: Built = { nodes: [], initializers: [] };
  const values = new Map<string, Value>();
  const [inputLayer] = model.inputLayers;
  const inShape = dropBatch(model.inputs[0].shape as number[]);
  if (sameShape(inShape, edges.input.shape)) {
    values.set(inputLayer.name, { name: edges.input.name, shape: inShape });
  } else {
    assertOneChannel(inShape, edges.input.name);
    const inner = reshape(out, `${edges.input.name}/edge`, edges.input.name, [-1, 1, inShape[0], inShape[1]], `${edges.input.name}/nchw`);
    values.set(inputLayer.name, { name: inner, shape: inShape });
  }
  for (const layer of model.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    const inbound = layer.inboundNodes[0].inboundLayers;
    if (inbound.length !== 1) throw new Error(`${layer.name}: layers with ${inbound.length} inputs are not supported`);
    const input = values.get(inbound[0].name);
    if (!input) throw new Error(`${layer.name}: input ${inbound[0].name} was not converted first`);
    values.set(layer.name, convertLayer(out, layer, input));
  }
  const outputs = model.outputLayers.map((layer, i) => {
    const value = values.get(layer.name)!;
    const name = edges.outputs[i];
    assertOneChannel(value.shape, name);
    const edgeShape = value.shape.length === 3 ? value.shape.slice(0, 2) : value.shape;
    if (value.shape.length === 3) reshape(out, `${name}/edge`, value.name, [-1, ...edgeShape], name);
    else if (value.name !== name) renameOutput(out, value.name, name);
    return { name, shape: ['N', ...edgeShape] };
  });
  return { name: graphName, nodes: out.nodes, initializers: out.initializers, inputs: [{ name: edges.input.name, shape: ['N', ...edges.input.shape] }], outputs };
}
