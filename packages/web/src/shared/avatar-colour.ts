/** Avatar backgrounds; each keeps white letters at 4.5:1 or more (WCAG AA). */
export const AVATAR_PALETTE = ['#127c6e', '#3d6fb6', '#8a5cc2', '#b55a2a', '#b8476b', '#4f7d2c', '#2a7592', '#6b5bb5', '#a04f9e', '#8a6d1f', '#c0392b', '#2e6b4f'] as const

/** FNV-1a with a final mix: similar names ("Alice", "Assistant") land far apart. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5
  for (const char of text) {
    hash ^= char.codePointAt(0)!
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x7feb352d) >>> 0
  return (hash ^ (hash >>> 15)) >>> 0
}

/**
 * Gives avatar colours so that the people on one page look different: each name starts from the
 * colour its hash picks, and when someone else already has that one, takes the next free colour.
 * A name keeps its colour for the life of the page; only past twelve people do colours repeat.
 */
export class AvatarColours {
  readonly #byName = new Map<string, string>()
  readonly #taken = new Set<string>()

  /** The colour of `name` on this page. */
  of(name: string): string {
    const known = this.#byName.get(name)
    if (known) return known
    const start = hashOf(name) % AVATAR_PALETTE.length
    let colour: string = AVATAR_PALETTE[start]!
    if (this.#taken.size < AVATAR_PALETTE.length) {
      for (let step = 0; step < AVATAR_PALETTE.length; step++) {
        const candidate = AVATAR_PALETTE[(start + step) % AVATAR_PALETTE.length]!
        if (!this.#taken.has(candidate)) {
          colour = candidate
          break
        }
      }
    }
    this.#byName.set(name, colour)
    this.#taken.add(colour)
    return colour
  }
}

/** The colours of this page (the chat app and the console each are one page). */
export const avatarColours = new AvatarColours()
