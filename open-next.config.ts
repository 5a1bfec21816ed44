import { defineCloudflareConfig } from "@opennextjs/cloudflare";

// No incremental cache: every data page is dynamic (the catalogue changes on every publish).
const config = defineCloudflareConfig({});

// wrangler.jsonc's run_worker_first sends only the app's own routes to the worker first, and no
// asset lives under them (tests/unit/worker-routing.test.ts), so OpenNext's Cloudflare asset
// resolver, which would fetch each such request from the assets before rendering it, could only
// ever find nothing: the dummy resolver skips that lookup.
config.middleware = { ...config.middleware!, assetResolver: "dummy" };

export default config;
