/** A piece of an answer: shared with the baseline answer, or only in this one. */
export interface DiffPart {
  text: string
  changed: boolean
}

/** Words, with the spaces after them; each Han/kana/Hangul character is a word of its own. */
export function diffTokens(text: string): string[] {
  return text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]\s*|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+\s*|\s+/gu) ?? []
}

const norm = (token: string) => token.trim().toLowerCase()

/**
 * Marks what `answer` has that `baseline` lacks (a longest common subsequence of words), for the
 * side-by-side view of an eval run. Long answers (over 600 words each) are compared as wholes.
 *
 * @example
 * ```ts
 * wordDiff('It is free.', 'It is ¥99 a month.') // [{ text: 'It is ', changed: false }, { text: '¥99 a month.', changed: true }]
 * ```
 */
export function wordDiff(baseline: string, answer: string): DiffPart[] {
  const a = diffTokens(baseline)
  const b = diffTokens(answer)
  if (a.length > 600 || b.length > 600) return [{ text: answer, changed: baseline !== answer }]
  const lengths: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lengths[i]![j] = norm(a[i]!) === norm(b[j]!) ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!)
  }
  const parts: DiffPart[] = []
  const push = (text: string, changed: boolean) => {
    const last = parts.at(-1)
    if (last && last.changed === changed) last.text += text
    else parts.push({ text, changed })
  }
  let i = 0
  let j = 0
  while (j < b.length) {
    if (i < a.length && norm(a[i]!) === norm(b[j]!)) {
      push(b[j]!, false)
      i++
      j++
    } else if (i < a.length && lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i++
    else push(b[j++]!, true)
  }
  return parts
}
