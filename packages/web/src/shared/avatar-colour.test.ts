import { describe, expect, it } from 'vitest'
import { AVATAR_PALETTE, AvatarColours } from './avatar-colour.js'

/** WCAG contrast of white on a #rrggbb colour. */
function contrastWithWhite(hex: string): number {
  const channels = [1, 3, 5].map((index) => parseInt(hex.slice(index, index + 2), 16) / 255).map((value) => (value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4))
  const luminance = 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!
  return 1.05 / (luminance + 0.05)
}

describe('avatar colours', () => {
  it('tell apart the people of a conversation, Alice and Assistant too, and keep each one\'s colour', () => {
    const colours = new AvatarColours()
    const names = ['Alice', 'Assistant', 'Bob', 'Carol', 'Demo', 'Olivia', 'Dora', 'Helper']
    const given = names.map((name) => colours.of(name))
    expect(new Set(given).size).toBe(names.length)
    expect(names.map((name) => colours.of(name))).toEqual(given)
  })

  it('keep white letters readable (4.5:1) on every colour', () => {
    for (const colour of AVATAR_PALETTE) expect(contrastWithWhite(colour), colour).toBeGreaterThanOrEqual(4.5)
  })
})
