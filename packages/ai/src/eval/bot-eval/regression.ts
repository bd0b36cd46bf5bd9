import type { CandidateMetrics } from './candidate-metrics.js'

/** One figure that got worse by more than allowed. */
export interface Regression {
  metric: 'answerMatch' | 'citationHit' | 'handoffRate' | 'judgeScore'
  baseline: number
  current: number
  /** How much worse, as a positive share (0.05 = 5 points). */
  drop: number
}

/**
 * Compares a candidate with its baseline: the match, citation and judge rates may drop, and the
 * hand-off rate may rise, by at most `maxDrop` (0.02 = two points). A figure either side lacks
 * (no item could count) is not compared.
 *
 * @example
 * ```ts
 * regressions(baseline, current, 0.02) // [] when nothing got worse by more than 2 points
 * ```
 */
export function regressions(baseline: CandidateMetrics, current: CandidateMetrics, maxDrop: number): Regression[] {
  const found: Regression[] = []
  const epsilon = 1e-9
  for (const metric of ['answerMatch', 'citationHit', 'judgeScore'] as const) {
    const before = baseline[metric]
    const after = current[metric]
    if (before === null || after === null) continue
    if (before - after > maxDrop + epsilon) found.push({ metric, baseline: before, current: after, drop: before - after })
  }
  if (baseline.handoffRate !== null && current.handoffRate !== null && current.handoffRate - baseline.handoffRate > maxDrop + epsilon) {
    found.push({ metric: 'handoffRate', baseline: baseline.handoffRate, current: current.handoffRate, drop: current.handoffRate - baseline.handoffRate })
  }
  return found
}
