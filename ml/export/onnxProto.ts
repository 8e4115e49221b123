import { ProtoWriter } from './protobuf.js';

/** The ONNX IR version written (onnxruntime 1.30 reads IR up to 10). */
export const ONNX_IR_VERSION = 8;
/** The default-domain opset the graphs use: every op here (Conv, ConvTranspose, Gemm, ...) is stable since. */
export const ONNX_OPSET = 13;

// Field numbers and enum values from onnx/onnx.proto.
const DATA_TYPE = { FLOAT: 1, INT64: 7 } as const;
const ATTRIBUTE_TYPE = { FLOAT: 1, INT: 2, INTS: 7 } as const;

/** A constant tensor stored in the graph (weights, shapes). */
export interface OnnxInitializer {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

/** A node attribute: one int, a list of ints, or one float. */
export type OnnxAttribute =
  | { name: string; int: number }
  | { name: string; ints: number[] }
  | { name: string; float: number };

/** One operator application. */
export interface OnnxNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes?: OnnxAttribute[];
}

/** A float32 graph input or output; a string dimension is symbolic (e.g. the batch 'N'). */
export interface OnnxValueInfo {
  name: string;
  shape: (number | string)[];
}

/** A whole inference graph. */
export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

function writeTensor(w: ProtoWriter, t: OnnxInitializer): void {
  for (const d of t.dims) w.varint(1, d);
  w.varint(2, t.data instanceof Float32Array ? DATA_TYPE.FLOAT : DATA_TYPE.INT64);
  w.string(8, t.name);
  // raw_data is little-endian by the spec; every platform Node runs on here is little-endian too.
  w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
}

function writeAttribute(w: ProtoWriter, a: OnnxAttribute): void {
  w.string(1, a.name);
  if ('int' in a) {
    w.varint(3, a.int).varint(20, ATTRIBUTE_TYPE.INT);
  } else if ('ints' in a) {
    for (const i of a.ints) w.varint(8, i);
    w.varint(20, ATTRIBUTE_TYPE.INTS);
  } else {
    w.float(2, a.float).varint(20, ATTRIBUTE_TYPE.FLOAT);
  }
}

function writeNode(w: ProtoWriter, n: OnnxNode): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name).string(4, n.opType);
  for (const a of n.attributes ?? []) w.message(5, (aw) => writeAttribute(aw, a));
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.varint(1, DATA_TYPE.FLOAT);
      tensor.message(2, (shape) => {
        for (const d of v.shape) {
          shape.message(1, (dim) => (typeof d === 'number' ? dim.varint(1, d) : dim.string(2, d)));
        }
      });
    }),
  );
}

function writeGraph(w: ProtoWriter, g: OnnxGraph): void {
  for (const n of g.nodes) w.message(1, (nw) => writeNode(nw, n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, (tw) => writeTensor(tw, t));
  for (const v of g.inputs) w.message(11, (vw) => writeValueInfo(vw, v));
  for (const v of g.outputs) w.message(12, (vw) => writeValueInfo(vw, v));
}

/** Serialises a graph as an ONNX ModelProto (the bytes of a `.onnx` file). */
export function encodeOnnxModel(graph: OnnxGraph, meta: { producerName: string; docString?: string }): Uint8Array {
  const w = new ProtoWriter();
  w.varint(1, ONNX_IR_VERSION);
  w.string(2, meta.producerName);
  if (meta.docString) w.string(6, meta.docString);
  w.message(7, (gw) => writeGraph(gw, graph));
  w.message(8, (ow) => ow.string(1, '').varint(2, ONNX_OPSET));
  return w.finish();
}
