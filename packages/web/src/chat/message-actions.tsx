import { useEffect, useRef, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'

/** The reactions offered in the message menu. */
export const REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '🙏'] as const

/** What can be done to one message; the menu lists only what is given. */
export interface MessageActionHandlers {
  onReply?: () => void
  /** Copies the message's text (the way to copy on a touch screen, where text selection is off). */
  onCopy?: () => void
  onReact?: (emoji: string) => void
  onEdit?: () => void
  onRecall?: () => void
  onDelete?: () => void
}

/**
 * The "⋯" button of a message and its menu (reactions first, then reply, copy, edit, recall, delete).
 * The button shows on hover and on keyboard focus (on touch screens it is not shown: a long press
 * on the message opens the menu, see MessageBubble); arrow keys move inside the open menu, Escape
 * closes it and gives focus back to the button, or to the message when the button is not shown.
 * The open state belongs to the message (`open`, `onOpenChange`), which also opens it by keyboard.
 */
export function MessageActions(props: MessageActionHandlers & { mine: boolean; open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation()
  const { open, onOpenChange: setOpen } = props
  const menu = useRef<HTMLDivElement>(null)
  const trigger = useRef<HTMLButtonElement>(null)

  /** Where the focus was when the menu opened (the button, or the message opened by keyboard). */
  const opener = useRef<HTMLElement | null>(null)

  /** Focus back where it came from, else the button, else (button hidden on touch screens) the message. */
  function returnFocus() {
    const button = trigger.current
    const from = opener.current
    opener.current = null
    if (from?.isConnected && from.closest('li[data-seq]') === button?.closest('li[data-seq]')) from.focus()
    else if (button && button.offsetParent !== null) button.focus()
    else button?.closest<HTMLElement>('li[data-seq]')?.focus()
  }

  useEffect(() => {
    if (!open) return
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
    menu.current?.querySelector<HTMLButtonElement>('button')?.focus()
    function outside(event: PointerEvent) {
      if (!menu.current?.contains(event.target as Node) && event.target !== trigger.current) setOpen(false)
    }
    document.addEventListener('pointerdown', outside)
    return () => document.removeEventListener('pointerdown', outside)
  }, [open, setOpen])

  function run(action: (() => void) | undefined) {
    setOpen(false)
    returnFocus()
    action?.()
  }

  function keyDown(event: KeyboardEvent<HTMLDivElement>) {
    const items = Array.from(menu.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])
    const index = items.indexOf(document.activeElement as HTMLButtonElement)
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      setOpen(false)
      returnFocus()
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowRight') {
      event.preventDefault()
      items[(index + 1) % items.length]?.focus()
    } else if (event.key === 'ArrowUp' || event.key === 'ArrowLeft') {
      event.preventDefault()
      items[(index - 1 + items.length) % items.length]?.focus()
    } else if (event.key === 'Tab') {
      setOpen(false)
    }
  }

  return (
    <div className={`message-actions${open ? ' open' : ''}`}>
      <button
        ref={trigger}
        type="button"
        className="ghost actions-trigger"
        aria-label={t('chat.actions.menu')}
        title={t('chat.actions.menu')}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="message-actions"
      >
        ⋯
      </button>
      {open && (
        <div className={`actions-menu${props.mine ? ' mine' : ''}`} role="menu" aria-label={t('chat.actions.menu')} ref={menu} onKeyDown={keyDown}>
          {props.onReact && (
            <div className="reaction-picker" role="group">
              {REACTIONS.map((emoji) => (
                <button key={emoji} type="button" role="menuitem" className="ghost emoji" aria-label={t('chat.actions.react', { emoji })} onClick={() => run(() => props.onReact?.(emoji))}>
                  {emoji}
                </button>
              ))}
            </div>
          )}
          {props.onReply && <button type="button" role="menuitem" className="ghost" onClick={() => run(props.onReply)}>{t('chat.actions.reply')}</button>}
          {props.onCopy && <button type="button" role="menuitem" className="ghost" onClick={() => run(props.onCopy)}>{t('chat.actions.copy')}</button>}
          {props.onEdit && <button type="button" role="menuitem" className="ghost" onClick={() => run(props.onEdit)}>{t('chat.actions.edit')}</button>}
          {props.onRecall && <button type="button" role="menuitem" className="ghost" onClick={() => run(props.onRecall)}>{t('chat.actions.recall')}</button>}
          {props.onDelete && <button type="button" role="menuitem" className="ghost danger-text" onClick={() => run(props.onDelete)}>{t('chat.actions.delete')}</button>}
        </div>
      )}
    </div>
  )
}
