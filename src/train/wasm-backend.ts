import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

const require = createRequire(import.meta.url);

let ready: Promise<typeof tf> | undefined;

/**
 * Puts the training tfjs on the WASM backend (XNNPACK, SIMD). The pure-JS cpu backend is ~10×
 * slower for convolutions; tfjs-node does not install offline. Node has no wasm threads here,
 * so one training process uses one core.
 */
export function useWasmBackend(): Promise<typeof tf> {
  ready ??= (async () => {
    const pkg = require.resolve("@tensorflow/tfjs-backend-wasm/package.json");
    // Trailing slash matters: tfjs concatenates the file name onto this prefix.
    setWasmPaths(path.join(path.dirname(pkg), "dist") + path.sep);
    await tf.setBackend("wasm");
    await tf.ready();
    return tf;
  })();
  return ready;
}

export { tf };
