import { z } from "zod";

/** Environment variables as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Thrown by {@link parseEnvironment}; the message names every bad variable and what is wrong with it. */
export class ServiceConfigError extends Error {
  /** Names of the environment variables that are invalid. */
  readonly variables: readonly string[];

  constructor(problems: readonly { variable: string; message: string }[]) {
    super(
      `invalid service configuration: ${problems.map((problem) => `${problem.variable}: ${problem.message}`).join("; ")}`,
    );
    this.name = "ServiceConfigError";
    this.variables = problems.map((problem) => problem.variable);
  }
}

const unset = (value: unknown): unknown => (value === "" ? undefined : value);

/** A variable read with `schema`, an empty value counting as unset (so `schema`'s default applies). */
export function envValue<T extends z.ZodType>(schema: T) {
  return z.preprocess(unset, schema);
}

/** A variable holding a whole number from `min` to `max`; unset or empty gives `fallback`. */
export function envInteger(min: number, max: number, fallback: number) {
  return envValue(
    z
      .string()
      .regex(/^\d+$/, { error: `must be a whole number from ${min} to ${max}` })
      .transform(Number)
      .pipe(
        z
          .number()
          .min(min, { error: `must be at least ${min}` })
          .max(max, { error: `must be at most ${max}` }),
      )
      .default(fallback),
  );
}

/** A variable holding any text; unset or empty gives `fallback`. */
export function envString(fallback: string) {
  return envValue(z.string().default(fallback));
}

/** A variable holding any text, or nothing: unset or empty gives `undefined`. */
export function envOptionalString() {
  return envValue(z.string().optional());
}

/**
 * Parses `env` with `schema`, whose keys are variable names. Empty variables count as
 * unset. Fails fast with a {@link ServiceConfigError} naming each bad variable, what is
 * wrong and what it held: every service reads its configuration this way.
 */
export function parseEnvironment<T>(schema: z.ZodType<T>, env: Environment): T {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ServiceConfigError(
    result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? "environment");
      const got = env[variable];
      return { variable, message: got === undefined ? issue.message : `${issue.message} (got "${got}")` };
    }),
  );
}
