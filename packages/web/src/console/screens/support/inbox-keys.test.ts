import { describe, expect, it } from 'vitest'
import { commandOf } from './inbox-keys.js'

const press = (key: string, extra: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean; target: unknown }> = {}) =>
  commandOf({ key, ctrlKey: false, altKey: false, metaKey: false, target: { tagName: 'BUTTON' }, ...extra })

describe('inbox keyboard shortcuts', () => {
  it('maps keys to commands', () => {
    expect(press('j')).toBe('next')
    expect(press('ArrowDown')).toBe('next')
    expect(press('K')).toBe('previous')
    expect(press('e')).toBe('resolve')
    expect(press('2')).toBe('tab-mine')
    expect(press('?')).toBe('help')
    expect(press('x')).toBeUndefined()
  })

  it('never fires while typing or with a modifier (Ctrl+R reloads, it does not reply)', () => {
    expect(press('j', { target: { tagName: 'TEXTAREA' } })).toBeUndefined()
    expect(press('e', { target: { tagName: 'INPUT' } })).toBeUndefined()
    expect(press('e', { target: { tagName: 'DIV', isContentEditable: true } })).toBeUndefined()
    expect(press('r', { ctrlKey: true })).toBeUndefined()
    expect(press('r', { metaKey: true })).toBeUndefined()
  })
})
