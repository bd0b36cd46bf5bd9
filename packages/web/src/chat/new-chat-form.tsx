import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText } from '../shared/error-text.js'

/** "Chat with …": opens the direct conversation with a user id. */
export function NewChatForm({ onOpen }: { onOpen: (peerId: string) => Promise<void> }) {
  const { t } = useTranslation()
  const [peerId, setPeerId] = useState('')
  const [error, setError] = useState<string | undefined>()
  async function submit(event: FormEvent) {
    event.preventDefault()
    const id = peerId.trim()
    if (!id) return
    setError(undefined)
    try {
      await onOpen(id)
      setPeerId('')
    } catch (cause) {
      setError(errorText(t, cause))
    }
  }
  return (
    <form className="new-chat" onSubmit={submit}>
      <label className="visually-hidden" htmlFor="new-chat-peer">
        {t('chat.newChat.label')}
      </label>
      <input id="new-chat-peer" value={peerId} onChange={(event) => setPeerId(event.target.value)} placeholder={t('chat.newChat.placeholder')} autoComplete="off" />
      <button type="submit" className="secondary" disabled={!peerId.trim()}>
        {t('chat.newChat.open')}
      </button>
      {error && (
        <p role="alert" className="error small">
          {t('chat.newChat.failed', { reason: error })}
        </p>
      )}
    </form>
  )
}
