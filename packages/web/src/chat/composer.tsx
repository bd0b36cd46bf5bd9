import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { PaperclipIcon } from '../shared/icons.js'

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ onSend, onFiles, onTyping, disabled, above, focusKey }: {
  onSend: (text: string) => void
  onFiles?: (files: File[]) => void
  /** Called on every change of the text (true while there is text). */
  onTyping?: (typing: boolean) => void
  disabled: boolean
  /** Shown above the text box (the message being replied to). */
  above?: ReactNode
  /** The text box takes focus whenever this changes (a reply was chosen). */
  focusKey?: unknown
}) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const area = useRef<HTMLTextAreaElement>(null)

  useEffect(() => {
    if (focusKey !== undefined) area.current?.focus()
  }, [focusKey])

  function send(event?: FormEvent) {
    event?.preventDefault()
    const value = text.trim()
    if (!value || disabled) return
    onSend(value)
    setText('')
    area.current?.focus()
  }

  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) send(event)
  }

  return (
    <div className="composer-wrap">
    {above}
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
      <textarea
        id="composer-text"
        ref={area}
        value={text}
        rows={1}
        onChange={(event) => {
          setText(event.target.value)
          onTyping?.(event.target.value.trim().length > 0)
        }}
        onKeyDown={keyDown}
        placeholder={t('chat.composer.placeholder')}
        title={t('chat.composer.hint')}
        aria-describedby="composer-hint"
        disabled={disabled}
        data-testid="composer"
      />
      <span id="composer-hint" className="visually-hidden">
        {t('chat.composer.hint')}
      </span>
      <button type="submit" className="primary" disabled={!text.trim() || disabled}>
        {t('chat.composer.send')}
      </button>
    </form>
    </div>
  )
}
