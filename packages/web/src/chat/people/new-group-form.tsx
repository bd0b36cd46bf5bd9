import type { Person } from '@warbler/protocol'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Avatar } from '../../shared/avatar.js'
import { errorText } from '../../shared/error-text.js'
import { BotBadge } from '../bot-badge.js'
import { PeoplePicker } from './people-picker.js'

/** Start a group from the chat: a name and members picked from the people directory. */
export function NewGroupForm(props: { me: string | undefined; onCreate: (name: string, memberIds: string[]) => Promise<void>; onCancel: () => void }) {
  const { t } = useTranslation()
  const [name, setName] = useState('')
  const [members, setMembers] = useState<Person[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const nameInput = useRef<HTMLInputElement>(null)
  useEffect(() => nameInput.current?.focus(), [])

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!name.trim() || busy) return
    setBusy(true)
    setError(undefined)
    try {
      await props.onCreate(name.trim(), members.map((member) => member.id))
    } catch (cause) {
      setError(errorText(t, cause))
      setBusy(false)
    }
  }

  return (
    <form className="new-group" onSubmit={submit} aria-labelledby="new-group-title" onKeyDown={(event) => event.key === 'Escape' && event.target === event.currentTarget && props.onCancel()}>
      <h2 id="new-group-title" className="new-group-title">{t('chat.group.title')}</h2>
      <label>
        {t('chat.group.name')}
        <input ref={nameInput} value={name} onChange={(event) => setName(event.target.value)} maxLength={128} autoComplete="off" required />
      </label>
      <PeoplePicker
        label={t('chat.group.addMember')}
        placeholder={t('chat.group.addMember')}
        exclude={[...(props.me ? [props.me] : []), ...members.map((member) => member.id)]}
        onPick={(person) => setMembers((before) => [...before, person])}
      />
      {members.length > 0 && (
        <ul className="group-members" aria-label={t('chat.group.members', { count: members.length })}>
          {members.map((member) => (
            <li key={member.id} className="group-member" data-testid="group-member">
              <Avatar name={member.name} size={22} userId={member.id} />
              <span>{member.name}</span>
              {member.isBot && <BotBadge />}
              <button type="button" className="ghost" aria-label={t('chat.group.remove', { name: member.name })} onClick={() => setMembers((before) => before.filter((entry) => entry.id !== member.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="error small">
          {t('chat.group.failed', { reason: error })}
        </p>
      )}
      <div className="new-group-actions">
        <button type="button" className="ghost" onClick={props.onCancel}>
          {t('chat.group.cancel')}
        </button>
        <button type="submit" disabled={!name.trim() || busy}>
          {t('chat.group.create')}
        </button>
      </div>
    </form>
  )
}
