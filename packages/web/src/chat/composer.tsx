import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { PaperclipIcon } from '../shared/icons.js'

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ onSend, onFiles, disabled }: { onSend: (text: string) => void; onFiles?: (files: File[]) => void; disabled: boolean }) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const area = useRef<HTMLTextAreaElement>(null)

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
        onChange={(event) => setText(event.target.value)}
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
  )
}
