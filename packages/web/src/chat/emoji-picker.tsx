import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { EMOJI_SET } from './emoji-set.js'

/** Emoji per row in the picker's grid (Up and Down move by this much). */
const COLUMNS = 8

/**
 * The composer's emoji button and its popover: emoji by category in one grid with one tab stop
 * (arrow keys, Home and End move; Enter or a click inserts; Escape closes and gives focus back to
 * the button). Picking an emoji keeps the popover open for another; the composer gets the text.
 */
export function EmojiPicker({ onPick, disabled }: { onPick: (emoji: string) => void; disabled: boolean }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [current, setCurrent] = useState(0)
  const trigger = useRef<HTMLButtonElement>(null)
  const panel = useRef<HTMLDivElement>(null)
  const all = EMOJI_SET.flatMap((group) => group.emoji)

  useEffect(() => {
    if (!open) return
    panel.current?.querySelector<HTMLButtonElement>('button[tabindex="0"]')?.focus()
    function outside(event: PointerEvent) {
      if (!panel.current?.contains(event.target as Node) && !trigger.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', outside)
    return () => document.removeEventListener('pointerdown', outside)
    // Focus moves in only when the panel opens; moving inside is the key handler's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open])

  function move(index: number) {
    const next = Math.max(0, Math.min(all.length - 1, index))
    setCurrent(next)
    panel.current?.querySelector<HTMLButtonElement>(`button[data-index="${next}"]`)?.focus()
  }

  function keyDown(event: KeyboardEvent<HTMLDivElement>) {
    const steps: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS }
    if (event.key in steps) {
      event.preventDefault()
      move(current + steps[event.key]!)
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault()
      move(event.key === 'Home' ? 0 : all.length - 1)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      setOpen(false)
      trigger.current?.focus()
    }
  }

  let index = 0
  return (
    <div className="emoji-picker">
      <button
        ref={trigger}
        type="button"
        className="ghost emoji-trigger"
        aria-label={t('chat.emoji.open')}
        title={t('chat.emoji.open')}
        aria-haspopup="dialog"
        aria-expanded={open}
        disabled={disabled}
        onClick={() => setOpen(!open)}
        data-testid="emoji-button"
      >
        <span aria-hidden="true">😊</span>
      </button>
      {open && (
        <div className="emoji-panel" role="dialog" aria-label={t('chat.emoji.label')} ref={panel} onKeyDown={keyDown} data-testid="emoji-panel">
          {EMOJI_SET.map((group) => (
            <div key={group.category} role="group" aria-labelledby={`emoji-${group.category}`} className="emoji-group">
              <div id={`emoji-${group.category}`} className="emoji-category small muted">{t(`chat.emoji.categories.${group.category}`)}</div>
              <div className="emoji-grid">
                {group.emoji.map((emoji) => {
                  const at = index++
                  return (
                    <button
                      key={emoji}
                      type="button"
                      className="ghost emoji"
                      data-index={at}
                      tabIndex={at === current ? 0 : -1}
                      onFocus={() => setCurrent(at)}
                      onClick={() => onPick(emoji)}
                    >
                      {emoji}
                    </button>
                  )
                })}
              </div>
            </div>
          ))}
        </div>
      )}
    </div>
  )
}
