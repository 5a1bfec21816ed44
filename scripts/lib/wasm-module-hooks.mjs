// Node module hooks: Prisma's workerd client imports its query compiler as `*.wasm?module` (a
// compiled module under workerd). Node gets the same: a WebAssembly.Module compiled from the file.
// Used by scripts that import the data layer outside Vitest (npm run bench).
import { fileURLToPath } from "node:url";

const SUFFIX = "?module";

export async function resolve(specifier, context, nextResolve) {
  if (specifier.endsWith(`.wasm${SUFFIX}`) && context.parentURL) {
    return { url: new URL(specifier, context.parentURL).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (url.endsWith(`.wasm${SUFFIX}`)) {
    const file = fileURLToPath(url.slice(0, -SUFFIX.length));
    return {
      format: "module",
      shortCircuit: true,
      source: `import { readFileSync } from "node:fs";\nexport default new WebAssembly.Module(readFileSync(${JSON.stringify(file)}));\n`,
    };
  }
  return nextLoad(url, context);
}
