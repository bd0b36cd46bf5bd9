/**
 * A crude, deterministic tokenizer for the fake OpenAI server: every CJK character is one token,
 * every run of letters/digits (with the whitespace before it) is one token, every other visible
 * character is one token. Real tokenizers differ; tests only need stable, plausible numbers.
 */

const TOKEN_PATTERN = /\s*(?:[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[\p{L}\p{N}_]+|[^\s])|\s+$/gu

/**
 * Splits text into tokens whose concatenation is the original text.
 *
 * @example
 * ```ts
 * splitIntoTokens('Hello world, 你好') // ['Hello', ' world', ',', ' 你', '好']
 * ```
 */
export function splitIntoTokens(text: string): string[] {
  return text.match(TOKEN_PATTERN) ?? []
}

/** Counts the tokens of {@link splitIntoTokens}. */
export function countTokens(text: string): number {
  return splitIntoTokens(text).length
}
