import onnxProto from "onnx-proto";
import type { onnx as OnnxTypes } from "onnx-proto";

const { onnx } = onnxProto;

/**
 * A node attribute value. How JS values map to ONNX attribute types:
 * - `string` → STRING
 * - `Float32Array` → FLOATS (the only way to pass a float list)
 * - `number[]` → INTS (every element must be an integer)
 * - `number` → FLOAT when the name is one of ONNX's float attributes (`alpha`, `beta`, `epsilon`,
 *   `gamma`, `momentum`, ... see FLOAT_ATTRIBUTES) or the value is not an integer; INT otherwise
 * - `{ float: x }` / `{ int: n }` force the type when the rule above would guess wrong.
 */
export type AttributeValue = number | number[] | string | Float32Array | { float: number } | { int: number };

/** Scalar attributes that are FLOAT in the ONNX operator schemas (opset ≤ 22), by name. */
const FLOAT_ATTRIBUTES = new Set([
  "alpha",
  "beta",
  "bias",
  "epsilon",
  "gamma",
  "lambd",
  "momentum",
  "spatial_scale",
  "value_float",
  "ratio",
  "cubic_coeff_a",
  "extrapolation_value",
  "scale",
  "mean",
  "high",
  "low",
  "seed",
  "min",
  "max",
]);

/** ONNX IR version that goes with an opset (onnx/helper.py VERSION_TABLE). */
function irVersionFor(opset: number): number {
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  if (opset <= 22) return 10;
  return 11;
}

/**
 * Builds an ONNX model (one graph, default domain, float32 inputs/outputs) and serialises it with
 * onnx-proto's generated protobuf code. Used to export trained towers and to write tiny models in
 * tests. `toBytes()` checks that every node input is defined before it is used and every output is
 * produced, so a wiring mistake fails here with a name rather than inside onnxruntime.
 */
export class OnnxGraphBuilder {
  private readonly graphName: string;
  private readonly opset: number;
  private readonly producer: string;
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly names = new Set<string>();

  constructor(graphName: string, opts: { opset?: number; producer?: string } = {}) {
    this.graphName = graphName;
    this.opset = opts.opset ?? 17;
    this.producer = opts.producer ?? "tunelens";
  }

  /**
   * Declares a graph input (float32 unless `type` says int64, e.g. token ids); a string dim is
   * symbolic (e.g. "batch").
   */
  input(name: string, dims: Array<number | string>, type: "float32" | "int64" = "float32"): void {
    this.define(name);
    this.inputs.push(valueInfo(name, dims, type === "int64" ? onnx.TensorProto.DataType.INT64 : onnx.TensorProto.DataType.FLOAT));
  }

  /** Declares a float32 graph output, which some node must produce. */
  output(name: string, dims: Array<number | string>): void {
    this.outputs.push(valueInfo(name, dims));
  }

  /** A float32 constant (weights); stored as raw little-endian bytes. Returns `name`. */
  initializer(name: string, data: Float32Array, dims: number[]): string {
    checkSize(name, data.length, dims);
    this.define(name);
    const raw = new Uint8Array(data.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw });
    return name;
  }

  /** An int64 constant (shapes, axes). Returns `name`. */
  initializerInt64(name: string, data: number[], dims: number[]): string {
    checkSize(name, data.length, dims);
    if (!data.every(Number.isSafeInteger)) throw new TypeError(`initializer ${name}: int64 data must be integers`);
    this.define(name);
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.INT64, int64Data: data });
    return name;
  }

  /** Appends a node; nodes must be added in topological order. See AttributeValue for typing. */
  node(
    opType: string,
    inputs: string[],
    outputs: string[],
    attributes: Record<string, AttributeValue> = {},
    name?: string,
  ): void {
    const nodeName = name ?? `${opType}_${this.nodes.length}`;
    const attribute = Object.entries(attributes).map(([key, value]) => toAttribute(nodeName, key, value));
    this.nodes.push({ opType, input: inputs, output: outputs, name: nodeName, attribute, domain: "" });
  }

  /** Serialises the model (ModelProto) to bytes for `InferenceSession.create` or a `.onnx` file. */
  toBytes(): Uint8Array {
    this.validate();
    const model: OnnxTypes.IModelProto = {
      irVersion: irVersionFor(this.opset),
      producerName: this.producer,
      opsetImport: [{ domain: "", version: this.opset }],
      graph: {
        name: this.graphName,
        input: this.inputs,
        output: this.outputs,
        initializer: this.initializers,
        node: this.nodes,
      },
    };
    return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
  }

  private define(name: string): void {
    if (this.names.has(name)) throw new Error(`onnx graph ${this.graphName}: '${name}' is defined twice`);
    this.names.add(name);
  }

  private validate(): void {
    const known = new Set(this.names);
    for (const node of this.nodes) {
      for (const input of node.input ?? []) {
        // "" marks an omitted optional input
        if (input !== "" && !known.has(input)) {
          throw new Error(`onnx graph ${this.graphName}: node ${node.name} reads '${input}' before anything defines it`);
        }
      }
      for (const output of node.output ?? []) known.add(output);
    }
    for (const output of this.outputs) {
      if (!known.has(output.name ?? "")) {
        throw new Error(`onnx graph ${this.graphName}: output '${output.name}' is produced by no node`);
      }
    }
  }
}

function valueInfo(name: string, dims: Array<number | string>, elemType: number = onnx.TensorProto.DataType.FLOAT): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

function checkSize(name: string, length: number, dims: number[]): void {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (expected !== length) {
    throw new RangeError(`initializer ${name}: ${length} values do not fill dims [${dims.join(", ")}]`);
  }
}

function toAttribute(node: string, name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === "string") return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (value instanceof Float32Array) return { name, type: T.FLOATS, floats: Array.from(value) };
  if (Array.isArray(value)) {
    if (!value.every(Number.isSafeInteger)) {
      throw new TypeError(`node ${node} attribute ${name}: number[] means INTS; pass a Float32Array for floats`);
    }
    return { name, type: T.INTS, ints: value };
  }
  if (typeof value === "object") {
    if ("float" in value) return { name, type: T.FLOAT, f: value.float };
    if (!Number.isSafeInteger(value.int)) throw new TypeError(`node ${node} attribute ${name}: { int } must be an integer`);
    return { name, type: T.INT, i: value.int };
  }
  if (FLOAT_ATTRIBUTES.has(name) || !Number.isInteger(value)) return { name, type: T.FLOAT, f: value };
  return { name, type: T.INT, i: value };
}
