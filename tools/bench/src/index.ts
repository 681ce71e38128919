export { measureUnaryCalls, percentile, sampleUnaryCalls, summarizeSamples } from "./measure-unary-calls.js";
export type { CallSamples, MeasureUnaryCallsOptions, UnaryCallStats } from "./measure-unary-calls.js";
export { runBenchmarks } from "./run-benchmarks.js";
export type { BenchmarkOptions, BenchmarkReport, BenchmarkRow } from "./run-benchmarks.js";
export { formatReport } from "./format-report.js";
export { startCatalogProcess } from "./catalog-process.js";
export type { CatalogProcessOptions } from "./catalog-process.js";
