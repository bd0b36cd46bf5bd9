import { regressions, type CandidateMetrics } from '@warbler/ai'

const USAGE = `Usage: warbler eval run --set <evalSetId> --bot <botId> [--baseline <runId>] [--max-drop 0.02] [--url <server>] [--app <appId>]
  Runs the eval set against the bot on a running server, prints its figures and, with --baseline,
  compares them with that earlier run: exits 1 when the answer match, citation hit or judge score
  dropped (or the hand-off rate rose) by more than --max-drop (default 0.02, two points).
  The server is --url or WARBLER_URL (default http://127.0.0.1:$PORT or :8080); the app is --app or
  WARBLER_APP_ID; the app secret is read from WARBLER_APP_SECRET (never from a flag).
  Exit codes: 0 no regression, 1 regression, 2 usage, 3 the run failed or could not start.
`

/** Where the command talks to, and how (tests pass their own). */
export interface EvalCommandIo {
  env: Record<string, string | undefined>
  out: (text: string) => void
  fetch: typeof fetch
  /** Milliseconds between progress polls (default 500). */
  pollMs?: number
}

const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`)

/** Reads `--name value` pairs; undefined on anything else. */
function flags(args: readonly string[]): Record<string, string> | undefined {
  const parsed: Record<string, string> = {}
  for (let index = 0; index < args.length; index += 2) {
    const name = args[index]
    const value = args[index + 1]
    if (!name?.startsWith('--') || value === undefined || value.startsWith('--')) return undefined
    parsed[name.slice(2)] = value
  }
  return parsed
}

function describe(label: string, metrics: CandidateMetrics): string {
  return [
    `${label}:`,
    `  answer match   ${percent(metrics.answerMatch)}`,
    `  citation hit   ${percent(metrics.citationHit)}`,
    `  hand-off rate  ${percent(metrics.handoffRate)}`,
    ...(metrics.judgeScore !== null ? [`  judge score    ${percent(metrics.judgeScore)}`] : []),
    `  latency        p50 ${Math.round(metrics.latencyP50Ms)} ms, p95 ${Math.round(metrics.latencyP95Ms)} ms`,
    `  tokens         ${metrics.inputTokens} in, ${metrics.outputTokens} out${metrics.estimatedCost !== null ? `, about ${metrics.estimatedCost.toFixed(4)} ${metrics.currency ?? ''}`.trimEnd() : ''}`,
    ...(metrics.errors > 0 ? [`  failed answers ${metrics.errors}`] : []),
  ].join('\n')
}

/**
 * `warbler eval run`: for CI of a bot's configuration. Queues a run of the set against the bot,
 * waits for it, prints the figures and compares them with a baseline run. Returns the exit code.
 *
 * @example
 * ```sh
 * WARBLER_APP_ID=app_1 WARBLER_APP_SECRET=… warbler eval run --set es_pricing --bot helper --baseline er_last --max-drop 0.02
 * ```
 */
export async function evalCommand(args: readonly string[], io: EvalCommandIo): Promise<number> {
  const [subcommand, ...rest] = args
  const options = flags(rest)
  const maxDrop = Number(options?.['max-drop'] ?? '0.02')
  if (subcommand !== 'run' || !options || !options.set || !options.bot || !Number.isFinite(maxDrop) || maxDrop < 0 || maxDrop > 1
    || Object.keys(options).some((name) => !['set', 'bot', 'baseline', 'max-drop', 'url', 'app'].includes(name))) {
    io.out(USAGE)
    return 2
  }
  const url = (options.url ?? io.env.WARBLER_URL ?? `http://127.0.0.1:${io.env.PORT ?? '8080'}`).replace(/\/$/, '')
  const appId = options.app ?? io.env.WARBLER_APP_ID
  const secret = io.env.WARBLER_APP_SECRET
  if (!appId || !secret) {
    io.out('Set WARBLER_APP_ID (or --app) and WARBLER_APP_SECRET to the app whose bot is evaluated.\n')
    return 2
  }
  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await io.fetch(`${url}/api/v1/apps/${encodeURIComponent(appId)}${path}`, {
      method, headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const parsed = (await response.json().catch(() => ({}))) as any
    if (!response.ok) throw new Error(parsed?.error?.message ?? `HTTP ${response.status}`)
    return parsed
  }
  let baseline: CandidateMetrics | undefined
  try {
    if (options.baseline) {
      const earlier = await call('GET', `/eval-runs/${encodeURIComponent(options.baseline)}`)
      if (earlier.status !== 'done') throw new Error(`The baseline run ${options.baseline} is ${earlier.status}, not done.`)
      baseline = earlier.candidates.find((candidate: any) => candidate.botId === options.bot) ?? earlier.candidates[0]
    }
    const { id } = await call('POST', '/eval-runs', { evalSetId: options.set, candidates: [{ botId: options.bot }] })
    io.out(`Eval run ${id}: set ${options.set}, bot ${options.bot}\n`)
    let run: any
    let shown = -1
    for (;;) {
      run = await call('GET', `/eval-runs/${encodeURIComponent(id)}`)
      if (run.completed !== shown) {
        shown = run.completed
        io.out(`  ${run.completed}/${run.total} answered\n`)
      }
      if (run.status !== 'queued' && run.status !== 'running') break
      await new Promise((resolve) => setTimeout(resolve, io.pollMs ?? 500))
    }
    if (run.status !== 'done') {
      io.out(`The run ${run.status}${run.error ? `: ${run.error}` : ''}.\n`)
      return 3
    }
    const current: CandidateMetrics = run.candidates[0]
    io.out(`${describe('This run', current)}\n`)
    if (!baseline) return 0
    io.out(`${describe(`Baseline ${options.baseline}`, baseline)}\n`)
    const found = regressions(baseline, current, maxDrop)
    if (found.length === 0) {
      io.out(`No regression beyond ${percent(maxDrop)}.\n`)
      return 0
    }
    for (const regression of found) {
      io.out(`REGRESSION ${regression.metric}: ${percent(regression.baseline)} → ${percent(regression.current)} (worse by ${percent(regression.drop)}, allowed ${percent(maxDrop)})\n`)
    }
    return 1
  } catch (error) {
    io.out(`warbler eval: ${error instanceof Error ? error.message : String(error)}\n`)
    return 3
  }
}
