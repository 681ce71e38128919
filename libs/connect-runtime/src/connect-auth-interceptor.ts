import { createContextKey, type Interceptor } from "@connectrpc/connect";
import type { Caller } from "@switchyard/auth";
import type { CallAuthorizer } from "@switchyard/service-runtime";

/**
 * The verified caller of the current call, for handlers: `context.values.get(callerKey)`;
 * undefined for a public method or with auth off. Holds the subject and scopes, never the token.
 */
export const callerKey = createContextKey<Caller | undefined>(undefined, {
  description: "switchyard caller",
});

/**
 * Runs {@link CallAuthorizer} before anything of the call's own: a refused call is answered
 * with its error (UNAUTHENTICATED, PERMISSION_DENIED) and no handler or validator sees it.
 */
export function createAuthInterceptor(authorize: CallAuthorizer): Interceptor {
  return (next) => async (request) => {
    const caller = await authorize(request.method, request.header.get("authorization") ?? undefined);
    request.contextValues.set(callerKey, caller);
    return next(request);
  };
}
