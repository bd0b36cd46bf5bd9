import type { Person } from '@warbler/protocol'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { errorText } from '../shared/error-text.js'
import { PeoplePicker } from './people/people-picker.js'
import { personMeant } from './people/use-people-search.js'

/**
 * Start a chat: find people by name (or id) in the directory and open the direct conversation, or
 * start a group. A typed id that the directory does not list is still tried as a user id.
 */
export function NewChatForm({ me, onOpen, onNewGroup }: { me: string | undefined; onOpen: (peerId: string) => Promise<void>; onNewGroup: () => void }) {
  const { t } = useTranslation()
  const [error, setError] = useState<string | undefined>()

  async function open(peerId: string) {
    setError(undefined)
    try {
      await onOpen(peerId)
    } catch (cause) {
      setError(errorText(t, cause))
    }
  }
  // Enter or "Open" with text typed: the person it means, else the first found, else the text as an id.
  const openText = (text: string, results: readonly Person[]) => open((personMeant(text, results) ?? results.find((person) => person.id !== me))?.id ?? text)

  return (
    <div className="new-chat">
      <PeoplePicker
        inputId="new-chat-peer"
        label={t('chat.newChat.label')}
        placeholder={t('chat.newChat.placeholder')}
        exclude={me ? [me] : []}
        onPick={(person) => open(person.id)}
        onEnterText={openText}
        after={(text, results) => (
          <button type="button" className="secondary" disabled={!text} onClick={() => void openText(text, results)}>
            {t('chat.newChat.open')}
          </button>
        )}
      />
      <button type="button" className="ghost new-group-button" onClick={onNewGroup} data-testid="new-group">
        {t('chat.group.new')}
      </button>
      {error && (
        <p role="alert" className="error small">
          {t('chat.newChat.failed', { reason: error })}
        </p>
      )}
    </div>
  )
}
