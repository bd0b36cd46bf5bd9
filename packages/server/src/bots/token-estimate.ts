/**
 * A cheap token estimate without a tokenizer: one token per CJK character, one per four other
 * characters. Good enough for budgeting history; quotas use the counts providers report.
 */
export function estimateTokens(text: string): number {
  let cjk = 0
  for (const character of text) if (/[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff]/.test(character)) cjk += 1
  return cjk + Math.ceil((text.length - cjk) / 4)
}
