// The runtime setup moved to src/runtime/ (the server needs it and must not import cli/); the
// commands keep importing it from here so that move touched none of them.
export * from "../runtime/open-runtime.ts";
