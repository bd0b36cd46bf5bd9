const TERMINATORS = new Set(['。', '！', '？', '；', '!', '?', ';', '…'])
const CLOSERS = new Set(['”', '’', '"', "'", '」', '』', '）', ')', '】', '》'])

/**
 * Splits a paragraph into sentences, keeping each terminator with its sentence. Knows Chinese
 * punctuation (。！？；), closing quotes after a terminator, and English `. ` (a period followed by
 * whitespace). Never drops a character: `sentences.join('')` equals the input.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = []
  let start = 0
  const chars = Array.from(text)
  let offset = 0
  const offsets: number[] = []
  for (const char of chars) {
    offsets.push(offset)
    offset += char.length
  }
  offsets.push(offset)
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!
    let end = -1
    if (TERMINATORS.has(char)) {
      end = i + 1
      while (end < chars.length && (TERMINATORS.has(chars[end]!) || CLOSERS.has(chars[end]!))) end++
    } else if (char === '.' && i + 1 < chars.length && /\s/.test(chars[i + 1]!) && i > 0 && !/^\d$/.test(chars[i - 1]!)) {
      end = i + 1
    } else if (char === '\n') {
      end = i + 1
    }
    if (end === -1) continue
    while (end < chars.length && /[ \t\n]/.test(chars[end]!)) end++
    const sentence = text.slice(offsets[start], offsets[end])
    if (sentence !== '') out.push(sentence)
    start = end
    i = end - 1
  }
  if (start < chars.length) out.push(text.slice(offsets[start]))
  return out
}
