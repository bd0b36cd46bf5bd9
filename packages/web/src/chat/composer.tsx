import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { PaperclipIcon } from '../shared/icons.js'
import { EmojiPicker } from './emoji-picker.js'
import { insertMention, matchMembers, mentionQueryAt, mentionsIn, type Mentionable } from './mentions.js'

/**
 * The message box: Enter sends, Shift+Enter starts a new line; an emoji button; in groups, `@`
 * lists the members to mention (arrows choose, Enter or Tab inserts, Escape closes) and the sent
 * message carries their ids in `mentions`, so a mentioned bot answers.
 */
export function Composer({ onSend, onFiles, onTyping, disabled, above, focusKey, members }: {
  onSend: (text: string, mentions: string[]) => void
  onFiles?: (files: File[]) => void
  /** Called on every change of the text (true while there is text). */
  onTyping?: (typing: boolean) => void
  disabled: boolean
  /** Shown above the text box (the message being replied to). */
  above?: ReactNode
  /** The text box takes focus whenever this changes (a reply was chosen). */
  focusKey?: unknown
  /** Who can be mentioned (the other members of a group); none: no @ list. */
  members?: readonly Mentionable[]
}) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [caret, setCaret] = useState(0)
  const [picked, setPicked] = useState<Mentionable[]>([])
  const [active, setActive] = useState(0)
  /** The `@` position the user closed the list at (Escape); it stays closed for that word. */
  const [dismissedAt, setDismissedAt] = useState<number | undefined>()
  const area = useRef<HTMLTextAreaElement>(null)

  useEffect(() => {
    if (focusKey !== undefined) area.current?.focus()
  }, [focusKey])

  const query = members && members.length > 0 ? mentionQueryAt(text, caret) : undefined
  const suggestions = query && query.start !== dismissedAt ? matchMembers(members ?? [], query.query) : []
  const listOpen = suggestions.length > 0
  const activeIndex = Math.min(active, Math.max(0, suggestions.length - 1))

  function update(value: string, position: number) {
    setText(value)
    setCaret(position)
    // A list closed with Escape opens again for the next @.
    if (dismissedAt !== undefined && mentionQueryAt(value, position)?.start !== dismissedAt) setDismissedAt(undefined)
    onTyping?.(value.trim().length > 0)
  }

  function send(event?: FormEvent) {
    event?.preventDefault()
    const value = text.trim()
    if (!value || disabled) return
    onSend(value, mentionsIn(value, picked))
    setText('')
    setCaret(0)
    setPicked([])
    setDismissedAt(undefined)
    area.current?.focus()
  }

  /** Puts text at the caret (an emoji) and keeps the caret after it. */
  function insertAtCaret(value: string) {
    const element = area.current
    const start = element?.selectionStart ?? text.length
    const end = element?.selectionEnd ?? text.length
    const next = text.slice(0, start) + value + text.slice(end)
    update(next, start + value.length)
    requestAnimationFrame(() => element?.setSelectionRange(start + value.length, start + value.length))
  }

  function choose(member: Mentionable) {
    if (!query) return
    const next = insertMention(text, caret, query.start, member)
    setPicked((list) => (list.some((entry) => entry.id === member.id) ? list : [...list, member]))
    setActive(0)
    update(next.text, next.caret)
    const element = area.current
    requestAnimationFrame(() => {
      element?.focus()
      element?.setSelectionRange(next.caret, next.caret)
    })
  }

  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (listOpen) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        const step = event.key === 'ArrowDown' ? 1 : -1
        setActive((activeIndex + step + suggestions.length) % suggestions.length)
        return
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && !event.nativeEvent.isComposing) {
        event.preventDefault()
        choose(suggestions[activeIndex]!)
        return
      }
      if (event.key === 'Escape') {
        event.preventDefault()
        setDismissedAt(query?.start)
        return
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) send(event)
  }

  const optionId = (index: number) => `mention-option-${index}`
  return (
    <div className="composer-wrap">
    {above}
    {listOpen && (
      <ul className="mention-list" role="listbox" id="mention-list" aria-label={t('chat.mention.label')} data-testid="mention-list">
        {suggestions.map((member, index) => (
          <li
            key={member.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === activeIndex}
            className={index === activeIndex ? 'active' : undefined}
            // Keeps the focus in the text box while the pointer picks.
            onPointerDown={(event) => event.preventDefault()}
            onClick={() => choose(member)}
          >
            <span>{member.name}</span> <span className="muted small">@{member.id}</span>
          </li>
        ))}
      </ul>
    )}
    <form className="composer" onSubmit={send}>
      <label htmlFor="composer-text" className="visually-hidden">
        {t('chat.composer.label')}
      </label>
      {onFiles && (
        <label className="attach" title={t('chat.composer.attach')}>
          <PaperclipIcon />
          <span className="visually-hidden">{t('chat.composer.attach')}</span>
          <input
            type="file"
            multiple
            disabled={disabled}
            data-testid="attach"
            onChange={(event) => {
              const files = Array.from(event.target.files ?? [])
              event.target.value = ''
              if (files.length > 0) onFiles(files)
            }}
          />
        </label>
      )}
      <EmojiPicker disabled={disabled} onPick={insertAtCaret} />
      <textarea
        id="composer-text"
        ref={area}
        value={text}
        rows={1}
        onChange={(event) => update(event.target.value, event.target.selectionStart)}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={keyDown}
        placeholder={t('chat.composer.placeholder')}
        title={t('chat.composer.hint')}
        aria-describedby={members && members.length > 0 ? 'composer-hint mention-hint' : 'composer-hint'}
        aria-autocomplete={members && members.length > 0 ? 'list' : undefined}
        aria-controls={listOpen ? 'mention-list' : undefined}
        aria-activedescendant={listOpen ? optionId(activeIndex) : undefined}
        disabled={disabled}
        data-testid="composer"
      />
      <span id="composer-hint" className="visually-hidden">
        {t('chat.composer.hint')}
      </span>
      {members && members.length > 0 && (
        <span id="mention-hint" className="visually-hidden">
          {t('chat.mention.hint')}
        </span>
      )}
      <button type="submit" className="primary" disabled={!text.trim() || disabled}>
        {t('chat.composer.send')}
      </button>
    </form>
    </div>
  )
}
