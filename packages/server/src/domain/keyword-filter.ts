import AhoCorasick from 'modern-ahocorasick'
import { WarblerError, type AppSettings, type MessageBody } from '@warbler/protocol'

interface CompiledFilter {
  key: string
  matcher: AhoCorasick
}

/**
 * The per-app before-send keyword filter: a word list matched with Aho–Corasick (case-insensitive,
 * NFKC-normalised, so full-width and half-width forms match alike), blocking the message or masking
 * the words with `*`. Compiled matchers are cached per app until the word list changes.
 */
export class KeywordFilter {
  private readonly compiled = new Map<string, CompiledFilter>()

  private matcherFor(appId: string, words: readonly string[]): AhoCorasick {
    const key = words.join('\u0000')
    const cached = this.compiled.get(appId)
    if (cached?.key === key) return cached.matcher
    const matcher = new AhoCorasick(words.map((word) => normalize(word)))
    this.compiled.set(appId, { key, matcher })
    return matcher
  }

  /** Returns the body to store (masked when the mode is `mask`), or throws `content_blocked`. */
  apply(appId: string, settings: AppSettings['keywordFilter'], body: MessageBody): MessageBody {
    if (body.type !== 'text' || settings.words.length === 0) return body
    const normalized = normalize(body.text)
    const matches = this.matcherFor(appId, settings.words).search(normalized)
    if (matches.length === 0) return body
    if (settings.mode === 'block') throw new WarblerError('content_blocked')
    // Mask in the original text when normalization kept every offset, otherwise in the normalized one.
    const characters = (normalized.length === body.text.length ? body.text : normalized).split('')
    for (const { start, end } of matches) for (let index = start; index < end; index++) characters[index] = '*'
    return { ...body, text: characters.join('') }
  }
}

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}
