import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const REDOCLY = resolve(import.meta.dirname, '../../../../node_modules/.bin/redocly')

/** What `redocly lint` found in a document: totals, and how many problems each rule reported. */
export interface LintReport {
  errors: number
  warnings: number
  byRule: Record<string, number>
  problems: { ruleId: string; severity: string; message: string; pointer?: string }[]
}

/**
 * Lints a document with `@redocly/cli` and its built-in recommended rules. It runs in `directory`
 * (a fresh temporary one, so no `redocly.yaml` of the tree changes the rules).
 */
export async function redoclyLint(directory: string, name: string, document: unknown): Promise<LintReport> {
  const file = join(directory, name)
  writeFileSync(file, JSON.stringify(document, null, 2))
  let stdout: string
  try {
    ;({ stdout } = await run(REDOCLY, ['lint', file, '--format=json', '--max-problems=10000'], {
      cwd: directory,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    }))
  } catch (error) {
    // A document with errors exits non-zero; the report is on stdout all the same.
    stdout = (error as { stdout?: string }).stdout ?? ''
    if (!stdout.trim().startsWith('{')) throw error
  }
  const report = JSON.parse(stdout) as {
    totals: { errors: number; warnings: number }
    problems: { ruleId: string; severity: string; message: string; location?: { pointer?: string }[] }[]
  }
  const byRule: Record<string, number> = {}
  for (const problem of report.problems) byRule[`${problem.severity} ${problem.ruleId}`] = (byRule[`${problem.severity} ${problem.ruleId}`] ?? 0) + 1
  return {
    errors: report.totals.errors,
    warnings: report.totals.warnings,
    byRule,
    problems: report.problems.map((problem) => ({ ruleId: problem.ruleId, severity: problem.severity, message: problem.message, ...(problem.location?.[0]?.pointer ? { pointer: problem.location[0].pointer } : {}) })),
  }
}
