// Vite builds the storefront into dist/apps/web, which the platform's edge server serves
// behind Envoy on the API's own origin. `npm run dev -w @switchyard/web` serves it with hot
// reload on another origin; Envoy's CORS policy admits loopback origins, so calls go
// straight to Envoy (VITE_API_ORIGIN, default http://127.0.0.1:8080).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  build: {
    outDir: fileURLToPath(new URL("../../dist/apps/web", import.meta.url)),
    emptyOutDir: true,
    // Under the 500 kB default warning: the bundle size is recorded in the README.
    reportCompressedSize: true,
  },
  server: { host: "127.0.0.1" },
});
