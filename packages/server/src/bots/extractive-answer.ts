import type { SearchResult } from '@warbler/ai'
import { BOT_TEXTS } from './bot-texts.js'
import { toCitations, type Citation } from './citations.js'
import { mergePassages } from './merge-passages.js'

/** The longest passage quoted from one chunk, in characters. */
const MAX_PASSAGE_CHARS = 900

/** An answer made without a model. */
export interface ExtractiveAnswer {
  text: string
  citations: Citation[]
  /** True when nothing was found and a person is offered. */
  handoff: boolean
}

/**
 * Answers from the knowledge base alone: the best one to three passages (those scoring at least
 * half of the best), quoted with numbered sources; or an honest "I don't know" offering a person.
 */
export function extractiveAnswer(results: readonly SearchResult[]): ExtractiveAnswer {
  const best = results[0]
  if (!best) return { text: BOT_TEXTS.dontKnow, citations: [], handoff: true }
  // Neighbouring chunks of one section overlap: quote each section once, stitched together.
  const chosen = mergePassages(results.filter((result) => result.score >= best.score * 0.5)).slice(0, 3)
  const citations = toCitations(chosen)
  const passages = chosen.map((result, position) => {
    const text = result.text.length > MAX_PASSAGE_CHARS ? `${result.text.slice(0, MAX_PASSAGE_CHARS).trimEnd()}…` : result.text
    const quoted = text
      .trim()
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n')
    return `${quoted} [${position + 1}]`
  })
  const sources = citations
    .map((citation) => `[${citation.index}] ${[citation.title, ...citation.headingPath].join(' › ')}${citation.url ? ` (${citation.url})` : ''}`)
    .join('\n')
  return { text: `${BOT_TEXTS.foundIntro}\n\n${passages.join('\n\n')}\n\n${sources}`, citations, handoff: false }
}
