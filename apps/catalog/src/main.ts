import { startCatalogServer } from "./catalog-server.js";
import { bundledProductsPath, createInMemoryProductStore, loadProductsFile } from "./product-store.js";

const portText = process.env["PORT"] ?? "50051";
const port = Number.parseInt(portText, 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(`PORT must be a TCP port number (0-65535), got "${portText}"`);
}
const store = createInMemoryProductStore(await loadProductsFile(bundledProductsPath));
const server = await startCatalogServer({ store, port, host: process.env["HOST"] ?? "127.0.0.1" });
process.stdout.write(`${JSON.stringify({ msg: "catalog listening", url: server.url })}\n`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void server.close());
}
