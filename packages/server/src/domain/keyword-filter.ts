import AhoCorasick from 'modern-ahocorasick'
import { WarblerError, type AppSettings, type MessageBody } from '@warbler/protocol'
import { foldForMatching, foldWithOffsets } from './fold-for-filter.js'

interface CompiledFilter {
  key: string
  matcher: AhoCorasick
  /** The folded words, when the list is short enough to look for each one natively first. */
  prefilter: string[] | undefined
}

/**
 * Up to this many words, each is first looked for with `String.prototype.includes`: far cheaper than
 * the matcher (which segments the text into graphemes) for the usual message that has none of them.
 */
const PREFILTER_MAX_WORDS = 64

/**
 * The per-app before-send keyword filter: a word list matched with Aho–Corasick over folded text
 * (see `fold-for-filter.ts`: case, full-width forms, invisible characters, combining marks and
 * Cyrillic/Greek look-alikes), blocking the message or masking the words with `*` in the original
 * text. Compiled matchers are cached per app until the word list changes; offsets back into the
 * original text are computed only when there is something to mask.
 */
export class KeywordFilter {
  private readonly compiled = new Map<string, CompiledFilter>()

  private compiledFor(appId: string, words: readonly string[]): CompiledFilter {
    const key = words.join('\u0000')
    const cached = this.compiled.get(appId)
    if (cached?.key === key) return cached
    const folded = words.map((word) => foldForMatching(word)).filter((word) => word.length > 0)
    const compiled = { key, matcher: new AhoCorasick(folded), prefilter: folded.length <= PREFILTER_MAX_WORDS ? folded : undefined }
    this.compiled.set(appId, compiled)
    return compiled
  }

  /** Returns the body to store (masked when the mode is `mask`), or throws `content_blocked`. */
  apply(appId: string, settings: AppSettings['keywordFilter'], body: MessageBody): MessageBody {
    if (body.type !== 'text' || settings.words.length === 0) return body
    const { matcher, prefilter } = this.compiledFor(appId, settings.words)
    const foldedText = foldForMatching(body.text)
    if (prefilter && !prefilter.some((word) => foldedText.includes(word))) return body
    const matches = matcher.search(foldedText)
    if (matches.length === 0) return body
    if (settings.mode === 'block') throw new WarblerError('content_blocked')
    const folded = foldWithOffsets(body.text)
    // Mask in the original text: every original code unit behind a matched folded one.
    const masked = new Uint8Array(body.text.length)
    for (const { start, end } of matches) {
      if (end <= start) continue
      masked.fill(1, folded.from[start]!, folded.to[end - 1]!)
    }
    let text = ''
    let offset = 0
    for (const character of body.text) {
      text += masked[offset] ? '*' : character
      offset += character.length
    }
    return { ...body, text }
  }
}
