export { createCatalogService } from "./catalog-service.js";
export { startCatalogServer } from "./catalog-server.js";
export type { CatalogServerOptions, RunningCatalogServer } from "./catalog-server.js";
export { createInMemoryProductStore, loadProductsFile, bundledProductsPath } from "./product-store.js";
export type { ProductStore } from "./product-store.js";
