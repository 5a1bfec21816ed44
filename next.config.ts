import path from "node:path";
import type { NextConfig } from "next";
import { initOpenNextCloudflareForDev } from "@opennextjs/cloudflare";

type ExternalsCallback = (err?: Error | null, result?: string) => void;

// Prisma's workerd client imports its query compiler as `*.wasm?module`. Webpack must leave those
// imports alone so that wrangler's bundler loads them as compiled WebAssembly modules.
function externaliseWasmModules(
  { request, context }: { request?: string; context?: string },
  callback: ExternalsCallback,
) {
  if (request?.endsWith(".wasm?module") && context) {
    return callback(null, `import ${path.resolve(context, request)}`);
  }
  callback();
}

const nextConfig: NextConfig = {
  // `next dev` stays on Turbopack; production builds use webpack (`next build --webpack`).
  turbopack: {},
  poweredByHeader: false,
  // The operators' dashboard is never framed (clickjacking its buttons) and sends no referrer away.
  async headers() {
    return [
      {
        source: "/admin/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'; form-action 'self'; base-uri 'none'" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Content-Type-Options", value: "nosniff" },
        ],
      },
    ];
  },
  webpack(config, { isServer }) {
    if (isServer) {
      const existing = Array.isArray(config.externals) ? config.externals : [config.externals].filter(Boolean);
      config.externals = [...existing, externaliseWasmModules];
    }
    return config;
  },
};

initOpenNextCloudflareForDev();

export default nextConfig;
