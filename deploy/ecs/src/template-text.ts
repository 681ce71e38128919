/**
 * A template value as text: a string as it is; an `Fn::Join` (such as a log
 * group's name inside a configuration file) joined, each reference or other
 * intrinsic shown as `<ref>`. Lets tests read what a synthesized template says.
 */
export function templateText(value: unknown): string {
  if (typeof value === "string") return value;
  const join = (value as { "Fn::Join"?: [string, unknown[]] } | undefined)?.["Fn::Join"];
  if (join === undefined) throw new Error(`not a string or Fn::Join: ${JSON.stringify(value)}`);
  const [separator, parts] = join;
  return parts.map((part) => (typeof part === "string" ? part : "<ref>")).join(separator);
}
