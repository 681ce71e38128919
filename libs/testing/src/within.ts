/**
 * Resolves with `promise`, or rejects with "`what`: not within `ms` ms" once `ms` pass
 * first: a bound on a wait that has a signal, so a hang fails the test instead of stalling it.
 */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`${what}: not within ${ms} ms`));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
