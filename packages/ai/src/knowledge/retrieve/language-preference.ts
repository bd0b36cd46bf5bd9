import type { ScoredChunk } from '../store/knowledge-store.js'

const HAN = /\p{Script=Han}/gu
const LETTER = /\p{L}/gu

/** `zh` when most letters of a text are Han characters (a Chinese sentence with "PDF" in it is still Chinese), else `en`. */
export function textLanguage(text: string): 'zh' | 'en' {
  const letters = text.match(LETTER)?.length ?? 0
  if (letters === 0) return 'en'
  const han = text.match(HAN)?.length ?? 0
  // Han characters carry a word each where Latin letters carry a fifth of one: weigh them so.
  return han * 5 >= letters - han ? 'zh' : 'en'
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
