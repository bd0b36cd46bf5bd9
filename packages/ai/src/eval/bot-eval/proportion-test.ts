/** The outcome of comparing two rates. */
export interface ProportionComparison {
  difference: number
  /** Two-sided p-value of a two-proportion z-test; null when either side has no observations. */
  pValue: number | null
  /** A one-line plain-language reading: significant at 5 %, or not (yet). */
  note: string
  /** The same reading in Chinese (简体中文), for screens and reports in 中文. */
  noteZh: string
  /** The reading as a code, for a screen that words it itself. */
  verdict: 'no_data' | 'too_few' | 'significant' | 'not_significant'
}

/** The standard normal CDF (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2)
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  const erf = 1 - poly * Math.exp(-(z * z) / 2)
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2
}

/**
 * Compares two rates (`hitsA / countA` against `hitsB / countB`) with a two-proportion z-test, for
 * the "simple significance note" of A/B outcomes. Below 30 observations a side, says so instead.
 */
export function compareProportions(hitsA: number, countA: number, hitsB: number, countB: number): ProportionComparison {
  if (countA === 0 || countB === 0) return { difference: 0, pValue: null, note: 'Not enough data yet.', noteZh: '数据还不够。', verdict: 'no_data' }
  const rateA = hitsA / countA
  const rateB = hitsB / countB
  const pooled = (hitsA + hitsB) / (countA + countB)
  const error = Math.sqrt(pooled * (1 - pooled) * (1 / countA + 1 / countB))
  const pValue = error === 0 ? (rateA === rateB ? 1 : 0) : 2 * (1 - normalCdf(Math.abs(rateA - rateB) / error))
  const small = countA < 30 || countB < 30
  const verdict = small ? 'too_few' : pValue < 0.05 ? 'significant' : 'not_significant'
  const note = {
    too_few: `Too few observations to tell (${countA} and ${countB}; want 30 or more each).`,
    significant: `The difference is significant (p = ${pValue.toFixed(3)}).`,
    not_significant: `No significant difference yet (p = ${pValue.toFixed(2)}).`,
  }[verdict]
  const noteZh = {
    too_few: `样本太少，还无法判断（分别为 ${countA} 和 ${countB}，每组至少需要 30）。`,
    significant: `差异显著（p = ${pValue.toFixed(3)}）。`,
    not_significant: `暂无显著差异（p = ${pValue.toFixed(2)}）。`,
  }[verdict]
  return { difference: rateA - rateB, pValue, note, noteZh, verdict }
}
