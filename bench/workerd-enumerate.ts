// Bundled by bench/kv-enumeration.ts and run inside workerd (Miniflare), so enumeration is timed in
// the runtime that serves production, without the Node-to-workerd proxy in the way.
import { enumeratePublishedSkills } from "../src/lib/catalog/kv/enumerate";

interface Env {
  SUBMISSIONS_KV: KVNamespace;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/seed") {
      const entries = (await request.json()) as { key: string; value: string; metadata?: unknown }[];
      for (let i = 0; i < entries.length; i += 50) {
        await Promise.all(entries.slice(i, i + 50).map((e) => env.SUBMISSIONS_KV.put(e.key, e.value, { metadata: e.metadata })));
      }
      return new Response(String(entries.length));
    }
    // Date.now() advances across I/O in workerd, which is what enumeration is made of.
    const started = Date.now();
    const result = await enumeratePublishedSkills(env.SUBMISSIONS_KV);
    return Response.json({ ms: Date.now() - started, skills: result.skills.length, listCalls: result.listCalls, getCalls: result.getCalls });
  },
};
