const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu

/**
 * A tokenizer-free estimate of model tokens: one token per two CJK characters (what Chinese-aware
 * vocabularies such as Qwen's and DeepSeek's give, give or take) and one per four other non-space
 * characters. It sizes chunks; it is not a billing count.
 */
export function estimateTokens(text: string): number {
  const cjk = text.match(CJK_CHAR)?.length ?? 0
  const other = text.replace(CJK_CHAR, '').replace(/\s+/g, '').length
  return Math.ceil(cjk / 2 + other / 4)
}
