import { pino, type DestinationStream, type Logger } from "pino";
import type { LogLevel } from "./service-config.js";

/** Options for {@link createServiceLogger}. */
export interface ServiceLoggerOptions {
  /** The service's name, on every line as `service`. */
  readonly name: string;
  /** The replica's id, on every line as `instance`. */
  readonly instanceId: string;
  /** Minimum level written. */
  readonly level: LogLevel;
  /** Where lines go; defaults to stdout. Tests pass a stream to read them. */
  readonly destination?: DestinationStream;
}

/**
 * A pino logger writing one JSON object per line (the format CloudWatch,
 * Fluent Bit and Loki ingest without parsing rules), with the service name and
 * instance on every line and `err` serialized with its cause chain.
 */
export function createServiceLogger(options: ServiceLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.name, instance: options.instanceId },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
