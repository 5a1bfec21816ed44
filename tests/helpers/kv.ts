// Real Workers KV from Miniflare (the same simulator wrangler dev uses), one namespace per caller.
import { Miniflare, convertV4MiniflareOptions } from "miniflare";

export interface TestKV {
  kv: KVNamespace;
  mf: Miniflare;
  dispose(): Promise<void>;
}

export async function createTestKV(): Promise<TestKV> {
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: "export default { fetch() { return new Response('ok'); } }",
      kvNamespaces: ["SUBMISSIONS_KV"],
    }),
  );
  const kv = (await mf.getKVNamespace("SUBMISSIONS_KV")) as unknown as KVNamespace;
  return { kv, mf, dispose: () => mf.dispose() };
}
