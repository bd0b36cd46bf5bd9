import { Fragment, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi, consoleApi } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ActionError, ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { GroupMembers } from './group-members.js'
import { PeoplePicker, type Person } from './people/people-picker.js'
import { useStackedTable } from '../stacked-table.js'

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
  const stackedTable = useStackedTable()
  const groups = useResource(() => (appId ? consoleApi<{ groups: GroupRow[] }>('GET', `/apps/${appId}/groups`) : Promise.resolve({ groups: [] })), `${appId}`)
  const [name, setName] = useState('')
  const [owner, setOwner] = useState<Person[]>([])
  const [members, setMembers] = useState<Person[]>([])
  const [error, setError] = useState<Error | undefined>()
  const [open, setOpen] = useState<string | undefined>()

  async function create(event: FormEvent) {
    event.preventDefault()
    if (!appId) return
    setError(undefined)
    const ownerId = owner[0]?.id
    if (!ownerId) {
      setError(new Error(t('console.people.pickOwner')))
      return
    }
    try {
      await appApi(appId, 'POST', 'groups', { name, ownerId, memberIds: members.map((person) => person.id).filter((id) => id !== ownerId) })
      setName('')
      setOwner([])
      setMembers([])
      groups.reload()
    } catch (cause) {
      setError(cause as Error)
    }
  }

  return (
    <section className="screen">
      <h1>{t('console.groups.heading')}</h1>
      {can('apps.manage') && (
        <form className="inline-form card group-create" onSubmit={create} data-testid="group-create">
          <label>
            {t('console.groups.name')}
            <input value={name} onChange={(event) => setName(event.target.value)} required />
          </label>
          <PeoplePicker appId={appId ?? ''} label={t('console.people.owner')} value={owner} onChange={setOwner} required testId="group-owner" />
          <PeoplePicker appId={appId ?? ''} label={t('console.people.members')} value={members} onChange={setMembers} multiple exclude={owner.map((person) => person.id)} testId="group-members" />
          <button type="submit" className="primary">
            {t('console.groups.create')}
          </button>
        </form>
      )}
      <ActionError error={error} />
      <ResourceState loading={groups.loading} error={groups.error} />
      {groups.data && (
        <div className="table-wrap card">
          <table className="stacked-table" ref={stackedTable}>
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
