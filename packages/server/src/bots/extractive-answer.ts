import { assessRelevance, textLanguage, type SearchResult } from '@warbler/ai'
import { ANSWER_TEXTS, type AnswerLanguage } from './bot-texts.js'
import { toCitations, type Citation } from './citations.js'
import { mergePassages } from './merge-passages.js'
import { renderPassage } from './render-passage.js'

/** The longest passage quoted from one chunk, in characters. */
const MAX_PASSAGE_CHARS = 900
/** Passages quoted at most. */
const MAX_PASSAGES = 3

/** An answer made without a model. */
export interface ExtractiveAnswer {
  text: string
  citations: Citation[]
  /** True when nothing relevant was found and a person is offered. */
  handoff: boolean
  /** Why a person is offered: the knowledge base does not cover the question. */
  handoffReason?: 'missing_knowledge'
  /** The language the answer's own sentences are in (the question's). */
  language: AnswerLanguage
}

/** Options of {@link extractiveAnswer}. */
export interface ExtractiveAnswerOptions {
  /** Append a plain-text source list (for clients that show no citation chips, e.g. the OpenAI-compatible API). */
  sourceList?: boolean
}

/**
 * The results a bot may answer from: none when the relevance gate finds the question is not
 * covered (see `assessRelevance` in @warbler/ai), else those that are each about the question.
 * The model-backed bot gets these as its sources too, so it is not handed off-topic passages.
 */
export function relevantPassages(question: string, results: readonly SearchResult[]): SearchResult[] {
  // The gate reads the top three; past it, each passage must be about the question on its own.
  if (!assessRelevance(question, results).relevant) return []
  return results.filter((result) => assessRelevance(question, [result]).relevant)
}

/** A passage of code or configuration only (a fenced block): quoted after prose that also matched. */
function isCodeOnly(result: SearchResult): boolean {
  return result.text.trimStart().startsWith('```')
}

/**
 * Answers from the knowledge base alone, in the question's language: the best one to three
 * passages that are about the question (those scoring at least half of the best, prose before
 * code when both match), quoted with their markdown structure and `[n]` markers; the sources
 * are the citations (chips), each carrying its passage. When the relevance gate finds nothing
 * about the question, an honest "I don't know" offering a person, flagged `missing_knowledge`.
 */
export function extractiveAnswer(results: readonly SearchResult[], question = '', options: ExtractiveAnswerOptions = {}): ExtractiveAnswer {
  const language = textLanguage(question || results[0]?.text || '')
  const texts = ANSWER_TEXTS[language]
  const relevant = question === '' ? [...results] : relevantPassages(question, results)
  const best = relevant[0]
  if (!best) return { text: texts.dontKnow, citations: [], handoff: true, handoffReason: 'missing_knowledge', language }
  // Neighbouring chunks of one section overlap: quote each section once, stitched together.
  const merged = mergePassages(relevant.filter((result) => result.score >= best.score * 0.5))
  const chosen = [...merged.filter((result) => !isCodeOnly(result)), ...merged.filter(isCodeOnly)].slice(0, MAX_PASSAGES)
  const quoted = chosen.map((result) => renderPassage(result.text, MAX_PASSAGE_CHARS))
  const citations = toCitations(chosen, quoted.map((passage) => passage.plain))
  const passages = quoted.map((passage, index) => passage.markdown(index + 1))
  let text = `${texts.foundIntro}\n\n${passages.join('\n\n')}`
  if (options.sourceList) {
    text += `\n\n${citations.map((citation) => `[${citation.index}] ${[citation.title, ...citation.headingPath].join(' › ')}${citation.url ? ` (${citation.url})` : ''}`).join('\n')}`
  }
  return { text, citations, handoff: false, language }
}
