import { defineCloudflareConfig } from "@opennextjs/cloudflare";

// No incremental cache: every data page is dynamic (the catalogue changes on every publish).
export default defineCloudflareConfig({});
