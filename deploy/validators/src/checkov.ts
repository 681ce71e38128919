import { runTool } from "@switchyard/launcher";

/** One checkov finding. */
export interface CheckovFinding {
  readonly checkId: string;
  readonly checkName: string;
  readonly resource: string;
  readonly file: string;
  /** For skipped checks: the reason written next to the skip. */
  readonly suppressComment: string | undefined;
}

/** The outcome of {@link runCheckov}. */
export interface CheckovReport {
  readonly passed: number;
  readonly failed: readonly CheckovFinding[];
  readonly skipped: readonly CheckovFinding[];
  readonly parsingErrors: readonly string[];
}

interface RawCheck {
  check_id: string;
  check_name: string;
  resource: string;
  file_path: string;
  check_result?: { suppress_comment?: string };
}
interface RawReport {
  results?: {
    failed_checks?: RawCheck[];
    skipped_checks?: RawCheck[];
    parsing_errors?: string[];
  };
  summary?: { passed?: number };
}

const finding = (check: RawCheck): CheckovFinding => ({
  checkId: check.check_id,
  checkName: check.check_name,
  resource: check.resource,
  file: check.file_path,
  suppressComment: check.check_result?.suppress_comment,
});

/** Options for {@link runCheckov}. */
export interface CheckovOptions {
  /** checkov framework: `cloudformation`, `kubernetes`, `dockerfile`. */
  readonly framework: string;
  /** Files to scan (checkov `-f`), all with the same framework. */
  readonly files: readonly string[];
  /** Checks not to run, each listed with its reason where it is declared. */
  readonly skipChecks?: readonly string[];
}

/**
 * Runs checkov offline (`--skip-download`: no policy download, no platform
 * calls) on `files` once and returns every finding. Checkov without a platform
 * key reports no severities, so callers treat every failed check as one to fix
 * or to skip with a written reason.
 */
export async function runCheckov(options: CheckovOptions): Promise<CheckovReport> {
  const args = ["--framework", options.framework, "--skip-download", "-o", "json", "--compact"];
  for (const file of options.files) args.push("-f", file);
  if (options.skipChecks !== undefined && options.skipChecks.length > 0) {
    args.push("--skip-check", options.skipChecks.join(","));
  }
  // No telemetry, no update checks: the suite runs offline.
  const result = await runTool("checkov", args, {
    env: { CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: "false", BC_SKIP_MAPPING: "TRUE" },
  });
  if (result.exitCode !== 0 && result.exitCode !== 1) {
    throw new Error(`checkov failed (exit ${result.exitCode}):\n${result.stderr}`);
  }
  // One report object, or a list of them when several frameworks ran.
  const parsed = JSON.parse(result.stdout === "" ? "{}" : result.stdout) as RawReport | RawReport[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  return {
    passed: reports.reduce((sum, report) => sum + (report.summary?.passed ?? 0), 0),
    failed: reports.flatMap((report) => (report.results?.failed_checks ?? []).map(finding)),
    skipped: reports.flatMap((report) => (report.results?.skipped_checks ?? []).map(finding)),
    parsingErrors: reports.flatMap((report) => report.results?.parsing_errors ?? []),
  };
}

/** A readable list of findings for assertion messages. */
export function describeFindings(findings: readonly CheckovFinding[]): string {
  return findings
    .map((item) => `${item.checkId} ${item.checkName} — ${item.resource} (${item.file})`)
    .join("\n");
}
