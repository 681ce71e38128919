import type { DestinationStream } from "pino";

/** A pino destination keeping every line, parsed, for assertions. */
export interface CapturedLogs extends DestinationStream {
  readonly lines: Record<string, unknown>[];
}

/** Creates an empty {@link CapturedLogs}. */
export function captureLogs(): CapturedLogs {
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    write(line: string) {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
}
