import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../console-api.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'

interface MemberRow {
  userId: string
  role: 'owner' | 'admin' | 'member'
}

/** The members of a group, and (for admins) a form that adds members. */
export function GroupMembers({ appId, conversationId, canManage, onChanged }: { appId: string; conversationId: string; canManage: boolean; onChanged: () => void }) {
  const { t } = useTranslation()
  const members = useResource(() => appApi<{ members: MemberRow[] }>(appId, 'GET', `conversations/${conversationId}/members?limit=200`), `${appId}:${conversationId}`)
  const [userIds, setUserIds] = useState('')
  const [error, setError] = useState<Error | undefined>()

  async function add(event: FormEvent) {
    event.preventDefault()
    setError(undefined)
    try {
      await appApi(appId, 'POST', `groups/${conversationId}/members`, { userIds: userIds.split(/[,\s，]+/).filter(Boolean) })
      setUserIds('')
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
          <label className="grow">
            {t('console.groups.addMembers')}
            <input value={userIds} onChange={(event) => setUserIds(event.target.value)} required />
          </label>
          <button type="submit" className="secondary">
            {t('console.groups.add')}
          </button>
        </form>
      )}
      <ActionError error={error} />
    </div>
  )
}
