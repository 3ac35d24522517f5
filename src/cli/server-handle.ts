// Moved to src/runtime/ with the runtime setup; re-exported for the commands (see runtime.ts).
export * from "../runtime/server-handle.ts";
