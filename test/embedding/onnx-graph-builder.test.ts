import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { OnnxGraphBuilder } from "../../src/embedding/onnx-graph-builder.ts";

/** Runs a built model once in onnxruntime-node (real CPU inference) and returns the named output. */
async function run(builder: OnnxGraphBuilder, feeds: Record<string, [Float32Array, number[]]>, output: string) {
  const session = await ort.InferenceSession.create(builder.toBytes(), { intraOpNumThreads: 1 });
  try {
    const tensors = Object.fromEntries(
      Object.entries(feeds).map(([name, [data, dims]]) => [name, new ort.Tensor("float32", data, dims)]),
    );
    const result = await session.run(tensors);
    return { data: Array.from(result[output].data as Float32Array), dims: result[output].dims };
  } finally {
    await session.release();
  }
}

function expectClose(actual: number[], expected: number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], digits));
}

describe("OnnxGraphBuilder", () => {
  it("MatMul + Add + Relu with a symbolic batch dimension", async () => {
    const g = new OnnxGraphBuilder("mlp");
    g.input("x", ["batch", 3]);
    g.initializer("W", Float32Array.from([1, -1, 2, 0, -3, 1]), [3, 2]); // rows: [1,-1], [2,0], [-3,1]
    g.initializer("b", Float32Array.from([0.5, -0.5]), [2]);
    g.node("MatMul", ["x", "W"], ["xw"]);
    g.node("Add", ["xw", "b"], ["z"]);
    g.node("Relu", ["z"], ["y"]);
    g.output("y", ["batch", 2]);
    // x1 = [1,2,3]: xW = [1+4-9, -1+0+3] = [-4, 2] → +b = [-3.5, 1.5] → relu [0, 1.5]
    // x2 = [0,0,-1]: xW = [3, -1] → [3.5, -1.5] → [3.5, 0]
    const out = await run(g, { x: [Float32Array.from([1, 2, 3, 0, 0, -1]), [2, 3]] }, "y");
    expect(out.dims).toEqual([2, 2]);
    expectClose(out.data, [0, 1.5, 3.5, 0]);
  });

  it("Conv with bias + MaxPool, checked against a direct convolution", async () => {
    const x = Float32Array.from({ length: 16 }, (_, i) => ((i * 7) % 5) - 2); // [1,1,4,4]
    const w = Float32Array.from({ length: 18 }, (_, i) => ((i * 3) % 7) / 7 - 0.4); // [2,1,3,3]
    const bias = Float32Array.from([0.25, -1]);
    const g = new OnnxGraphBuilder("conv");
    g.input("x", [1, 1, 4, 4]);
    g.initializer("w", w, [2, 1, 3, 3]);
    g.initializer("bias", bias, [2]);
    g.node("Conv", ["x", "w", "bias"], ["c"], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [1, 1] });
    g.node("MaxPool", ["c"], ["p"], { kernel_shape: [2, 2], strides: [2, 2] });
    g.output("p", [1, 2, 2, 2]);

    const conv = (o: number, r: number, c: number) => {
      let acc = bias[o];
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) {
          const rr = r + i - 1;
          const cc = c + j - 1;
          if (rr >= 0 && rr < 4 && cc >= 0 && cc < 4) acc += x[rr * 4 + cc] * w[o * 9 + i * 3 + j];
        }
      return acc;
    };
    const expected: number[] = [];
    for (let o = 0; o < 2; o++)
      for (let pr = 0; pr < 2; pr++)
        for (let pc = 0; pc < 2; pc++)
          expected.push(Math.max(conv(o, 2 * pr, 2 * pc), conv(o, 2 * pr, 2 * pc + 1), conv(o, 2 * pr + 1, 2 * pc), conv(o, 2 * pr + 1, 2 * pc + 1)));
    const out = await run(g, { x: [x, [1, 1, 4, 4]] }, "p");
    expect(out.dims).toEqual([1, 2, 2, 2]);
    expectClose(out.data, expected);
  });

  it("ReduceMean over an axis (opset 17 takes axes as an attribute)", async () => {
    const g = new OnnxGraphBuilder("mean");
    g.input("x", [2, 3]);
    g.node("ReduceMean", ["x"], ["m"], { axes: [1], keepdims: 0 });
    g.output("m", [2]);
    const out = await run(g, { x: [Float32Array.from([1, 2, 6, -3, 0, 0]), [2, 3]] }, "m");
    expectClose(out.data, [3, -1]);
  });

  it("LpNormalization gives unit L2 rows", async () => {
    const g = new OnnxGraphBuilder("norm");
    g.input("x", ["batch", 2]);
    g.node("LpNormalization", ["x"], ["y"], { axis: 1, p: 2 });
    g.output("y", ["batch", 2]);
    const out = await run(g, { x: [Float32Array.from([3, 4, 0, -2]), [2, 2]] }, "y");
    expectClose(out.data, [0.6, 0.8, 0, -1]);
  });

  it("types integer-valued float attributes as FLOAT (Gemm alpha) and ints as INT (transB)", async () => {
    const g = new OnnxGraphBuilder("gemm");
    g.input("a", [1, 2]);
    g.initializer("B", Float32Array.from([1, 2, 3, 4]), [2, 2]);
    g.node("Gemm", ["a", "B"], ["g"], { alpha: 2, beta: 1, transB: 1 });
    g.node("LeakyRelu", ["g"], ["y"], { alpha: { float: 0.5 } });
    g.output("y", [1, 2]);
    // a = [1, -1]; a·Bᵀ = [1-2, 3-4] = [-1, -1]; ×2 = [-2, -2]; leaky 0.5 → [-1, -1]
    const out = await run(g, { a: [Float32Array.from([1, -1]), [1, 2]] }, "y");
    expectClose(out.data, [-1, -1]);
  });

  it("int64 initializers feed shape inputs (Reshape)", async () => {
    const g = new OnnxGraphBuilder("reshape");
    g.input("x", [2, 3]);
    g.initializerInt64("shape", [3, -1], [2]);
    g.node("Reshape", ["x", "shape"], ["y"]);
    g.output("y", [3, 2]);
    const out = await run(g, { x: [Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]] }, "y");
    expect(out.dims).toEqual([3, 2]);
  });

  it("catches wiring mistakes before onnxruntime does", () => {
    const g = new OnnxGraphBuilder("broken");
    g.input("x", [1]);
    expect(() => g.initializer("x", new Float32Array(1), [1])).toThrow(/defined twice/);
    expect(() => g.initializer("w", new Float32Array(3), [2, 2])).toThrow(/do not fill/);
    expect(() => g.node("Add", ["x"], ["y"], { axes: [0.5] })).toThrow(/Float32Array/);
    g.node("Add", ["x", "nope"], ["y"]);
    g.output("y", [1]);
    expect(() => g.toBytes()).toThrow(/reads 'nope'/);
    const h = new OnnxGraphBuilder("unproduced");
    h.input("x", [1]);
    h.output("z", [1]);
    expect(() => h.toBytes()).toThrow(/'z' is produced by no node/);
  });
});
