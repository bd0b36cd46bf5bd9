import AhoCorasick from 'modern-ahocorasick'
import { WarblerError, type AppSettings, type MessageBody } from '@warbler/protocol'
import { foldText, foldWord } from './fold-for-filter.js'

interface CompiledFilter {
  key: string
  matcher: AhoCorasick
}

/**
 * The per-app before-send keyword filter: a word list matched with Aho–Corasick over folded text
 * (see `fold-for-filter.ts`: case, full-width forms, invisible characters, combining marks and
 * Cyrillic/Greek look-alikes), blocking the message or masking the words with `*`. Compiled matchers are cached per app until the word list changes.
 */
export class KeywordFilter {
  private readonly compiled = new Map<string, CompiledFilter>()

  private matcherFor(appId: string, words: readonly string[]): AhoCorasick {
    const key = words.join('\u0000')
    const cached = this.compiled.get(appId)
    if (cached?.key === key) return cached.matcher
    const matcher = new AhoCorasick(words.map((word) => foldWord(word)).filter((word) => word.length > 0))
    this.compiled.set(appId, { key, matcher })
    return matcher
  }

  /** Returns the body to store (masked when the mode is `mask`), or throws `content_blocked`. */
  apply(appId: string, settings: AppSettings['keywordFilter'], body: MessageBody): MessageBody {
    if (body.type !== 'text' || settings.words.length === 0) return body
    const folded = foldText(body.text)
    const matches = this.matcherFor(appId, settings.words).search(folded.text)
    if (matches.length === 0) return body
    if (settings.mode === 'block') throw new WarblerError('content_blocked')
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
