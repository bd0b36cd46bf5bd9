import type { ScoredChunk } from '../store/knowledge-store.js'

/** Characters of a passage looked at: its language shows in its first lines, and this runs on every candidate. */
const SAMPLE_CHARS = 400

/** `zh` when most of a text is Han characters (a Chinese sentence with "PDF" in it is still Chinese), else `en`. */
export function textLanguage(text: string): 'zh' | 'en' {
  let han = 0
  let latin = 0
  const end = Math.min(text.length, SAMPLE_CHARS)
  for (let index = 0; index < end; index++) {
    const code = text.charCodeAt(index)
    if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff)) han++
    else if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0xc0 && code <= 0x24f)) latin++
  }
  if (han + latin === 0) return 'en'
  // A Han character carries a word where a Latin letter carries a fifth of one: weigh them so.
  return han * 5 >= latin ? 'zh' : 'en'
}

/** How much a passage in the other language keeps of its score. */
const OTHER_LANGUAGE_FACTOR = 0.5

/**
 * When a knowledge base holds a document in both languages (deploy.md and deploy.zh-CN.md), the
 * passage in the question's language should win: an English question gets the English passage.
 * Passages in the other language are kept (they may be all there is) at half their score.
 */
export function preferQuestionLanguage(query: string, candidates: ScoredChunk[]): ScoredChunk[] {
  const language = textLanguage(query)
  const languages = candidates.map((chunk) => textLanguage(chunk.text))
  if (!languages.includes(language) || languages.every((other) => other === language)) return candidates
  return candidates
    .map((chunk, index) => (languages[index] === language ? chunk : { ...chunk, score: chunk.score * OTHER_LANGUAGE_FACTOR }))
    .sort((a, b) => b.score - a.score)
}
