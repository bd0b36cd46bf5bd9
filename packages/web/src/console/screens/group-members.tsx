import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../console-api.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { PeoplePicker, type Person } from './people/people-picker.js'

interface MemberRow {
  userId: string
  role: 'owner' | 'admin' | 'member'
}

/** The members of a group, and (for admins) a form that adds members. */
export function GroupMembers({ appId, conversationId, canManage, onChanged }: { appId: string; conversationId: string; canManage: boolean; onChanged: () => void }) {
  const { t } = useTranslation()
  const members = useResource(() => appApi<{ members: MemberRow[] }>(appId, 'GET', `conversations/${conversationId}/members?limit=200`), `${appId}:${conversationId}`)
  const [people, setPeople] = useState<Person[]>([])
  const [error, setError] = useState<Error | undefined>()

  async function add(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    try {
      if (people.length === 0) return
      await appApi(appId, 'POST', `groups/${conversationId}/members`, { userIds: people.map((person) => person.id) })
      setPeople([])
      members.reload()
      onChanged()
    } catch (cause) {
      setError(cause as Error)
    }
  }

  return (
    <div className="group-members">
      <ResourceState loading={members.loading} error={members.error} />
      {members.data && (
        <ul className="member-list">
          {members.data.members.map((member) => (
            <li key={member.userId}>
              <span className="mono">{member.userId}</span> <span className="pill">{t(`console.groups.role.${member.role}`)}</span>
            </li>
          ))}
        </ul>
      )}
      {canManage && (
        <form className="inline-form" onSubmit={add}>
          <PeoplePicker appId={appId} label={t('console.people.addMembers')} value={people} onChange={setPeople} multiple exclude={members.data?.members.map((member) => member.userId) ?? []} testId="group-add-members" />
          <button type="submit" className="secondary">
            {t('console.groups.add')}
          </button>
        </form>
      )}
      <ActionError error={error} />
    </div>
  )
}
