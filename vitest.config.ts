import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));
const WASM_PREFIX = "\0wasm-module:";

// Prisma's workerd client imports `*.wasm?module` (a compiled module under workerd). In Node we
// compile the same file ourselves, so tests run the exact client the worker ships.
function wasmModules(): Plugin {
  return {
    name: "wasm-module",
    enforce: "pre",
    resolveId(id, importer) {
      if (!id.endsWith(".wasm?module") || !importer) return null;
      return WASM_PREFIX + path.resolve(path.dirname(importer), id.slice(0, -"?module".length));
    },
    load(id) {
      if (!id.startsWith(WASM_PREFIX)) return null;
      const file = id.slice(WASM_PREFIX.length);
      readFileSync(file); // fail at load time if the client was not generated
      return `import { readFileSync } from "node:fs";\nexport default new WebAssembly.Module(readFileSync(${JSON.stringify(file)}));`;
    },
  };
}

// Inline projects extend this config (plugins, alias); each adds only its own test settings.
export default defineConfig({
  plugins: [wasmModules()],
  resolve: { alias: { "@": path.join(root, "src") } },
  test: {
    projects: [
      { test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/setup/database.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/setup/database.ts", "tests/setup/worker.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
