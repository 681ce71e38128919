/**
 * Evaluates ALB listener rules the way an Application Load Balancer does, offline: rules in
 * priority order, the first whose every condition matches wins, no match is the default
 * action. Conditions follow AWS's matching rules: path patterns are case-sensitive, HTTP
 * header values case-insensitive, both with `*` (any run of characters) and `?` (one
 * character); a condition is met when any of its values matches.
 */

/** A request as a listener rule sees it. */
export interface AlbRequest {
  readonly method: string;
  readonly path: string;
  /** Request headers, by lower-case name. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** One rule condition, in the shape CloudFormation and the Load Balancer Controller share. */
export type AlbCondition =
  | { readonly field: "path-pattern"; readonly values: readonly string[] }
  | { readonly field: "http-header"; readonly headerName: string; readonly values: readonly string[] }
  | { readonly field: "http-request-method"; readonly values: readonly string[] };

/** A listener rule: its conditions and what it leads to (a target group's id or a Service's name). */
export interface AlbRule<Target> {
  readonly conditions: readonly AlbCondition[];
  readonly target: Target;
}

/** Whether `actual` matches an ALB condition value with wildcards. */
function wildcardMatches(pattern: string, actual: string, caseSensitive: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replaceAll("*", ".*")
    .replaceAll("?", ".");
  return new RegExp(`^${source}$`, caseSensitive ? "" : "i").test(actual);
}

/** Whether `request` meets `condition`. */
export function albConditionMatches(condition: AlbCondition, request: AlbRequest): boolean {
  switch (condition.field) {
    case "path-pattern":
      return condition.values.some((value) => wildcardMatches(value, request.path, true));
    case "http-header": {
      const actual = request.headers?.[condition.headerName.toLowerCase()];
      return actual !== undefined && condition.values.some((value) => wildcardMatches(value, actual, false));
    }
    case "http-request-method":
      return condition.values.includes(request.method);
  }
}

/**
 * The target of the first rule of `rulesInPriorityOrder` whose every condition `request`
 * meets, or undefined when none does (the listener's default action).
 */
export function routeAlbRequest<Target>(
  rulesInPriorityOrder: readonly AlbRule<Target>[],
  request: AlbRequest,
): Target | undefined {
  return rulesInPriorityOrder.find((rule) =>
    rule.conditions.every((condition) => albConditionMatches(condition, request)),
  )?.target;
}
