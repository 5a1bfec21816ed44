// `node --import ./scripts/lib/register-wasm.mjs …` — see wasm-module-hooks.mjs.
import { register } from "node:module";

register("./wasm-module-hooks.mjs", import.meta.url);
