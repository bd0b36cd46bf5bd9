import { useImperativeHandle, useRef, useState, type KeyboardEvent, type Ref } from 'react'
import { useTranslation } from 'react-i18next'
import { insertCanned, matchCanned, shortcutAt, type ShortcutQuery } from './canned-replies.js'
import type { CannedReply } from './support-types.js'

/** What the composer writes: a reply the customer sees, or a private note. */
export type ComposerMode = 'reply' | 'note'

/** Lets the inbox's keyboard shortcuts focus the composer in a mode. */
export interface ComposerHandle {
  focus(mode: ComposerMode): void
}

/**
 * The reply / private-note box: Enter sends, Shift+Enter starts a line, `/shortcut` offers canned
 * replies (arrows pick, Enter or Tab inserts, Escape closes). A draft survives a failed send.
 */
export function SupportComposer({
  cannedReplies,
  disabled,
  takesOver,
  onSend,
  ref,
}: {
  cannedReplies: CannedReply[]
  disabled: boolean
  /** Replying will take the conversation over (shown as a hint). */
  takesOver: boolean
  onSend: (mode: ComposerMode, text: string) => Promise<boolean>
  ref?: Ref<ComposerHandle>
}) {
  const { t } = useTranslation()
  const [mode, setMode] = useState<ComposerMode>('reply')
  const [draft, setDraft] = useState('')
  const [busy, setBusy] = useState(false)
  const [shortcut, setShortcut] = useState<ShortcutQuery | undefined>()
  const [highlight, setHighlight] = useState(0)
  const box = useRef<HTMLTextAreaElement>(null)

  useImperativeHandle(ref, () => ({
    focus(next) {
      setMode(next)
      box.current?.focus()
    },
  }))

  const suggestions = mode === 'reply' && shortcut ? matchCanned(cannedReplies, shortcut.query) : []
  const open = shortcut !== undefined && mode === 'reply'

  function update(text: string, caret: number) {
    setDraft(text)
    const found = shortcutAt(text, caret)
    setShortcut(found)
    setHighlight(0)
  }

  function choose(reply: CannedReply) {
    if (!shortcut) return
    const caret = box.current?.selectionStart ?? draft.length
    const next = insertCanned(draft, shortcut, reply, caret)
    setDraft(next.text)
    setShortcut(undefined)
    requestAnimationFrame(() => {
      box.current?.focus()
      box.current?.setSelectionRange(next.caret, next.caret)
    })
  }

  async function send() {
    const text = draft.trim()
    if (!text || busy || disabled) return
    setBusy(true)
    try {
      if (await onSend(mode, text)) setDraft('')
    } finally {
      setBusy(false)
      box.current?.focus()
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (open && suggestions.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        setHighlight((index) => (index + (event.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length)
        return
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault()
        choose(suggestions[highlight] ?? suggestions[0]!)
        return
      }
    }
    if (event.key === 'Escape' && open) {
      event.preventDefault()
      setShortcut(undefined)
      return
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      void send()
    }
  }

  const label = mode === 'reply' ? t('console.support.composer.replyLabel') : t('console.support.composer.noteLabel')
  return (
    <form
      className={`support-composer composer-${mode}`}
      onSubmit={(event) => {
        event.preventDefault()
        void send()
      }}
    >
      <fieldset className="composer-mode">
        <legend className="visually-hidden">{t('console.support.composer.mode')}</legend>
        {(['reply', 'note'] as const).map((value) => (
          <label key={value} className={`mode-option${mode === value ? ' active' : ''}`}>
            <input type="radio" name="composer-mode" value={value} checked={mode === value} onChange={() => setMode(value)} />
            {t(`console.support.composer.${value}`)}
          </label>
        ))}
      </fieldset>
      <div className="composer-box">
        <label className="visually-hidden" htmlFor="support-draft">
          {label}
        </label>
        <textarea
          id="support-draft"
          ref={box}
          rows={3}
          value={draft}
          disabled={disabled}
          placeholder={mode === 'reply' ? t('console.support.composer.replyPlaceholder') : t('console.support.composer.notePlaceholder')}
          aria-describedby="support-draft-hint"
          aria-controls={open ? 'canned-suggestions' : undefined}
          data-testid="support-draft"
          onChange={(event) => update(event.target.value, event.target.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setShortcut(undefined), 150)}
        />
        <span className="visually-hidden" role="status">
          {open && suggestions[highlight] ? t('console.support.composer.suggestion', { count: suggestions.length, shortcut: suggestions[highlight]!.shortcut }) : ''}
        </span>
        {open && (
          <ul className="canned-suggestions" id="canned-suggestions" role="listbox" aria-label={t('console.support.composer.canned')}>
            {suggestions.length === 0 && <li className="muted small">{t('console.support.composer.noCanned', { query: shortcut.query })}</li>}
            {suggestions.map((reply, index) => (
              <li
                key={reply.id}
                id={`canned-${reply.id}`}
                role="option"
                aria-selected={index === highlight}
                className={index === highlight ? 'highlight' : undefined}
                onMouseDown={(event) => {
                  event.preventDefault()
                  choose(reply)
                }}
              >
                <span className="mono">/{reply.shortcut}</span> <span className="muted">{reply.text}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="row composer-foot">
        <p className="muted small" id="support-draft-hint">
          {t('console.support.composer.hint')}
          {mode === 'reply' && takesOver ? ` ${t('console.support.composer.takesOver')}` : ''}
        </p>
        <button type="submit" className="primary" disabled={busy || disabled || draft.trim() === ''} data-testid="support-send">
          {mode === 'reply' ? t('console.support.composer.send') : t('console.support.composer.addNote')}
        </button>
      </div>
    </form>
  )
}
