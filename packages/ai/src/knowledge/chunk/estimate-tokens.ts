const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu

/**
 * A tokenizer-free estimate of model tokens: about one token per CJK character and one per four
 * other non-space characters, close to what BPE vocabularies such as cl100k give.
 */
export function estimateTokens(text: string): number {
  const cjk = text.match(CJK_CHAR)?.length ?? 0
  const other = text.replace(CJK_CHAR, '').replace(/\s+/g, '').length
  return cjk + Math.ceil(other / 4)
}
