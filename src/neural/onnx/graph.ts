/**
 * A small typed builder over the ONNX protobuf classes of `onnx-proto` (protobufjs): named values,
 * float32 / int64 initializers, nodes with attributes, graph inputs and outputs with symbolic
 * dimensions, and the serialised ModelProto. The model files (`layers.ts`, `trm.ts`, `hrm.ts` in
 * this folder) only call `g.op(...)` and never touch protobuf.
 *
 * Every value is a string name (ONNX wires nodes by name); `g.op` returns the names of a node's
 * outputs, fresh and unique, so the graph reads like the tfjs code it mirrors.
 */
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';

const { onnx: proto } = onnxProto;

/** IR version 8 (ONNX 1.12/1.13): the newest `onnx-proto` 8 writes; opset 17 belongs to it. */
export const IR_VERSION = 8;
/** The default-domain opset the graphs use (Softmax-13, Split-13 with split as input, ReduceMean-13). */
export const OPSET = 17;

/** Element types used here (TensorProto.DataType). */
export const DType = { float: 1, int32: 6, int64: 7, bool: 9 } as const;
export type DTypeName = keyof typeof DType;

/** An attribute value: a float, an int, a list of ints, or a string. */
export type AttrValue = number | readonly number[] | string | { readonly float: number };

/** A graph input or output: name, element type, dims (a string is a symbolic dimension such as "batch"). */
export interface ValueSpec {
  readonly name: string;
  readonly type: DTypeName;
  readonly dims: readonly (number | string)[];
  readonly doc?: string;
}

export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly initNames = new Set<string>();
  private readonly inputs: ValueSpec[] = [];
  private readonly outputs: ValueSpec[] = [];
  private readonly used = new Map<string, number>();
  /** Scalar and shape constants already made, by key, so that each exists once. */
  private readonly constants = new Map<string, string>();

  /** A fresh value name starting with `base`. */
  fresh(base: string): string {
    const n = this.used.get(base) ?? 0;
    this.used.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  }

  input(spec: ValueSpec): string {
    this.inputs.push(spec);
    this.used.set(spec.name, 1);
    return spec.name;
  }

  /** Marks `value` as the graph output `spec.name` (through an Identity when the names differ). */
  output(value: string, spec: ValueSpec): void {
    if (value !== spec.name) this.nodes.push({ opType: 'Identity', input: [value], output: [spec.name], name: spec.name });
    this.outputs.push(spec);
  }

  /** A float32 initializer named `name` (a weight shared by every node that reads it). */
  weight(name: string, data: Float32Array, dims: readonly number[]): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== data.length) throw new Error(`initializer ${name}: ${data.length} values for dims [${dims.join(', ')}]`);
    if (this.initNames.has(name)) throw new Error(`initializer ${name} defined twice`);
    this.initNames.add(name);
    this.used.set(name, 1);
    // raw_data is little-endian; copy so the proto owns bytes of exactly this tensor.
    const raw = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    this.initializers.push({ name, dataType: DType.float, dims: [...dims], rawData: raw });
    return name;
  }

  /** An int64 constant (shapes, axes, slice bounds), made once per distinct value. */
  ints(values: readonly number[]): string {
    const key = `i64:${values.join(',')}`;
    const have = this.constants.get(key);
    if (have) return have;
    const name = this.fresh(`const_i64_${values.length === 1 ? String(values[0]).replace('-', 'm') : 'v'}`);
    this.initNames.add(name);
    this.initializers.push({ name, dataType: DType.int64, dims: [values.length], int64Data: [...values] });
    this.constants.set(key, name);
    return name;
  }

  /** A float32 scalar constant, made once per distinct value. */
  scalar(value: number): string {
    const key = `f32:${value}`;
    const have = this.constants.get(key);
    if (have) return have;
    const name = this.fresh('const_f32');
    this.initNames.add(name);
    this.initializers.push({ name, dataType: DType.float, dims: [], floatData: [value] });
    this.constants.set(key, name);
    return name;
  }

  /**
   * A node `opType(inputs) → outputs` with attributes; returns the outputs' fresh names (one per
   * `outputs` entry, named after it).
   */
  op(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue> = {}, outputs: readonly string[] = [opType.toLowerCase()]): string[] {
    const outs = outputs.map((o) => this.fresh(o));
    const attribute: onnx.IAttributeProto[] = Object.entries(attrs).map(([name, v]) => attr(name, v));
    this.nodes.push({ opType, input: [...inputs], output: outs, name: outs[0]!, attribute });
    return outs;
  }

  /** `op` for a node with one output. */
  op1(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue> = {}, output?: string): string {
    return this.op(opType, inputs, attrs, [output ?? opType.toLowerCase()])[0]!;
  }

  /** Number of nodes so far (for tests and the export summary). */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** The serialised ModelProto: opset {@link OPSET}, IR {@link IR_VERSION}, `metadata` as metadata_props. */
  toBytes(options: { graphName: string; producer: string; producerVersion: string; doc?: string; metadata?: Record<string, string> }): Uint8Array {
    const model: onnx.IModelProto = {
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: options.producer,
      producerVersion: options.producerVersion,
      docString: options.doc ?? '',
      graph: {
        name: options.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs.map(valueInfo),
        output: this.outputs.map(valueInfo),
      },
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
    };
    return proto.ModelProto.encode(proto.ModelProto.create(model)).finish();
  }
}

function attr(name: string, v: AttrValue): onnx.IAttributeProto {
  const T = proto.AttributeProto.AttributeType;
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`attribute ${name}: ${v} is not an integer (use { float } for floats)`);
    return { name, type: T.INT, i: v };
  }
  if (Array.isArray(v)) return { name, type: T.INTS, ints: [...(v as number[])] };
  return { name, type: T.FLOAT, f: (v as { float: number }).float };
}

function valueInfo(s: ValueSpec): onnx.IValueInfoProto {
  return {
    name: s.name,
    docString: s.doc ?? '',
    type: {
      tensorType: {
        elemType: DType[s.type],
        shape: { dim: s.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

/** Reads the ModelProto back (tests and `inspect`): graph names, opset, metadata_props. */
export function decodeModel(bytes: Uint8Array): onnx.ModelProto {
  return proto.ModelProto.decode(bytes);
}
