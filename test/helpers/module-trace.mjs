// `node --import ./test/helpers/module-trace.mjs …` appends every module URL the process resolves
// to the file named by TUNELENS_MODULE_TRACE (the lazy-loading tests read it). A resolve hook,
// because tsx's loader answers `load` for .ts files itself but hands resolution down the chain.
import { register } from "node:module";

register("./module-trace-hooks.mjs", import.meta.url);
