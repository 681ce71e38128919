/** The workspace's naming roots before and after a rename. */
export interface RenameRoots {
  /** The npm scope now, e.g. `@switchyard`. */
  readonly fromScope: string;
  /** The npm scope to write, e.g. `@acme`. */
  readonly toScope: string;
  /** The first segment of every proto package now, e.g. `switchyard`. */
  readonly fromProto: string;
  /** The first segment of every proto package to write, e.g. `acme`. */
  readonly toProto: string;
}

/** One text replacement: every match of `pattern` (global) becomes `replacement`. */
interface RenameRule {
  readonly pattern: RegExp;
  readonly replacement: string;
}

/** `text` with every regular-expression special character escaped. */
function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** The npm scope without its `@`: the root of the container image names (`<root>/<app>`). */
export function imageRoot(scope: string): string {
  return scope.replace(/^@/, "");
}

/**
 * Checks the new names: an npm scope (`@` then lower-case letters, digits, `-`, `.` or `_`) and a
 * proto package segment (a lower-case letter, then lower-case letters, digits or `_`).
 */
export function validateRenameRoots(roots: RenameRoots): void {
  if (!/^@[a-z0-9][a-z0-9._-]*$/.test(roots.toScope)) {
    throw new Error(`--scope "${roots.toScope}": use an npm scope such as @acme`);
  }
  if (!/^[a-z][a-z0-9_]*$/.test(roots.toProto)) {
    throw new Error(
      `--proto-package "${roots.toProto}": use one lower-case proto package segment such as acme`,
    );
  }
}

/**
 * The replacements of a rename, in order. Each is anchored so that it only takes whole names:
 *
 * - the npm scope `@from` (package names and dependencies, imports, Nx and ESLint config);
 * - proto packages `from.<name>.v<n>` (also in qualified names such as `.from.catalog.v1.CatalogService`, and
 *   with escaped dots in regular expressions);
 * - proto paths `from/<name>/v<n>` (`proto/`, `libs/proto/src/gen/`, grpcurl `-proto` lines);
 * - the generated descriptors' names `file_from_<name>_v<n>_...`;
 * - what is left of `from/`: container image and ECR repository names `from/<app>`.
 *
 * `from-local/...` base images, `FROM_*` environment variables and the product name in prose stay.
 */
export function renameRules(roots: RenameRoots): readonly RenameRule[] {
  const scope = escaped(roots.fromScope);
  const proto = escaped(roots.fromProto);
  const image = escaped(imageRoot(roots.fromScope));
  return [
    { pattern: new RegExp(`(?<![\\w@.-])${scope}(?![\\w-])`, "g"), replacement: roots.toScope },
    {
      // Also `.from.x.v1.Type` (fully qualified), `grpc.from.x.v1` (Envoy stats) and `from\\.x\\.v1` (in regular expressions).
      pattern: new RegExp(`(?<![\\w-])${proto}(?=\\\\*\\.[^.\\s/"'\`\\\\]+\\\\*\\.v\\d)`, "g"),
      replacement: roots.toProto,
    },
    {
      pattern: new RegExp(`(?<![\\w.-])${proto}/(?=[^/\\s"'\`]+/v\\d)`, "g"),
      replacement: `${roots.toProto}/`,
    },
    { pattern: new RegExp(`\\bfile_${proto}_(?=\\w+_v\\d)`, "g"), replacement: `file_${roots.toProto}_` },
    {
      pattern: new RegExp(`(?<![\\w.@-])${image}/`, "g"),
      replacement: `${imageRoot(roots.toScope)}/`,
    },
  ];
}

/** `text` with every rule of {@link renameRules} applied in order. */
export function renameText(text: string, rules: readonly RenameRule[]): string {
  return rules.reduce((renamed, rule) => renamed.replace(rule.pattern, rule.replacement), text);
}

/** Where a file moves to: proto sources and generated code follow their package (`proto/from/...` to `proto/to/...`). */
export function renamedPath(path: string, roots: RenameRoots): string {
  const proto = escaped(roots.fromProto);
  return path.replace(new RegExp(`(^|/)${proto}/(?=[^/]+/v\\d+/)`), `$1${roots.toProto}/`);
}
