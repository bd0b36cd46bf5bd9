import { Fragment, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi, consoleApi } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { GroupMembers } from './group-members.js'

interface GroupRow {
  id: string
  name: string | null
  ownerId: string | null
  memberCount: number
  lastSeq: number
}

/** Groups of the app: list and create. */
export function GroupsScreen({ appId, can }: ScreenProps) {
  const { t } = useTranslation()
  const groups = useResource(() => (appId ? consoleApi<{ groups: GroupRow[] }>('GET', `/apps/${appId}/groups`) : Promise.resolve({ groups: [] })), `${appId}`)
  const [name, setName] = useState('')
  const [ownerId, setOwnerId] = useState('')
  const [memberIds, setMemberIds] = useState('')
  const [error, setError] = useState<Error | undefined>()
  const [open, setOpen] = useState<string | undefined>()

  async function create(event: FormEvent) {
    event.preventDefault()
    if (!appId) return
    setError(undefined)
    try {
      const members = memberIds.split(/[,\s，]+/).map((id) => id.trim()).filter(Boolean)
      await appApi(appId, 'POST', 'groups', { name, ownerId, memberIds: members })
      setName('')
      setMemberIds('')
      groups.reload()
    } catch (cause) {
      setError(cause as Error)
    }
  }

  return (
    <section className="screen">
      <h1>{t('console.groups.heading')}</h1>
      {can('apps.manage') && (
        <form className="inline-form" onSubmit={create}>
          <label>
            {t('console.groups.name')}
            <input value={name} onChange={(event) => setName(event.target.value)} required />
          </label>
          <label>
            {t('console.groups.ownerId')}
            <input value={ownerId} onChange={(event) => setOwnerId(event.target.value)} required />
          </label>
          <label>
            {t('console.groups.memberIds')}
            <input value={memberIds} onChange={(event) => setMemberIds(event.target.value)} />
          </label>
          <button type="submit" className="primary">
            {t('console.groups.create')}
          </button>
        </form>
      )}
      <ActionError error={error} />
      <ResourceState loading={groups.loading} error={groups.error} />
      {groups.data && (
        <div className="table-wrap card">
          <table>
            <thead>
              <tr>
                <th>{t('console.groups.name')}</th>
                <th>Id</th>
                <th>{t('console.groups.owner')}</th>
                <th>{t('console.groups.members')}</th>
                <th>{t('console.groups.messages')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.data.groups.map((group) => (
                <Fragment key={group.id}>
                  <tr>
                    <td>
                      <button type="button" className="link" aria-expanded={open === group.id} onClick={() => setOpen(open === group.id ? undefined : group.id)}>
                        {group.name}
                      </button>
                    </td>
                    <td className="mono">{group.id}</td>
                    <td className="mono">{group.ownerId}</td>
                    <td>{group.memberCount}</td>
                    <td>{group.lastSeq}</td>
                  </tr>
                  {open === group.id && appId && (
                    <tr>
                      <td colSpan={5}>
                        <GroupMembers appId={appId} conversationId={group.id} canManage={can('apps.manage')} onChanged={groups.reload} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
