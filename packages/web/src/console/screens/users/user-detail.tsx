import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConversationListItem, PushTarget, User } from '@warbler/protocol'
import { formatDateTime } from '../../../shared/format-time.js'
import { appApi, consoleApi } from '../../console-api.js'
import { ActionError, ResourceState } from '../../status-views.js'
import { useResource } from '../../use-resource.js'
import './user-texts.js'

interface Detail {
  user: User
  banned: boolean
  devices: PushTarget[]
  conversations: ConversationListItem[]
}

async function loadDetail(appId: string, userId: string): Promise<Detail> {
  const id = encodeURIComponent(userId)
  const [user, search, devices, conversations] = await Promise.all([
    appApi<User>(appId, 'GET', `users/${id}`),
    consoleApi<{ users: { id: string; banned: boolean }[] }>('GET', `/apps/${encodeURIComponent(appId)}/users?q=${id}&limit=50`),
    appApi<{ items: PushTarget[] }>(appId, 'GET', `users/${id}/push-targets`).catch(() => ({ items: [] as PushTarget[] })),
    appApi<{ items: ConversationListItem[] }>(appId, 'GET', `users/${id}/conversations?limit=50`),
  ])
  return { user, banned: search.users.find((row) => row.id === userId)?.banned ?? false, devices: devices.items, conversations: conversations.items }
}

/** One user: profile, push devices, conversations; ban or unban, revoke tokens. */
export function UserDetail({ appId, userId, canModerate, onBack }: { appId: string; userId: string; canModerate: boolean; onBack: () => void }) {
  const { t, i18n } = useTranslation()
  const detail = useResource(() => loadDetail(appId, userId), `${appId}:${userId}`)
  const [error, setError] = useState<Error | undefined>()
  const [note, setNote] = useState('')
  const when = (ts: number) => formatDateTime(ts, i18n.language)

  async function act(run: () => Promise<unknown>, done: string) {
    setError(undefined)
    setNote('')
    try {
      await run()
      setNote(done)
      detail.reload()
    } catch (cause) {
      setError(cause as Error)
    }
  }

  const data = detail.data
  const path = `users/${encodeURIComponent(userId)}`
  return (
    <div className="user-detail" data-testid="user-detail">
      <div className="row">
        <a href="#/users" className="back-link" onClick={(event) => { event.preventDefault(); onBack() }}>
          ← {t('console.users.back')}
        </a>
      </div>
      <ResourceState loading={detail.loading} error={detail.error} />
      <ActionError error={error} />
      <p className="muted small" role="status">
        {note}
      </p>
      {data && (
        <>
          <div className="card">
            <div className="row">
              <h2>
                {data.user.name} <span className="mono muted small">{data.user.id}</span>
              </h2>
              {data.banned ? <span className="pill pill-danger" data-testid="user-state">{t('console.users.banned')}</span> : <span className="pill" data-testid="user-state">{t('console.users.active')}</span>}
            </div>
            <h3 className="visually-hidden">{t('console.users.profile')}</h3>
            <dl className="customer-fields">
              <div>
                <dt>{t('console.users.kind')}</dt>
                <dd>{t(`console.users.${data.user.kind}`)}</dd>
              </div>
              <div>
                <dt>{t('console.users.created')}</dt>
                <dd>{when(data.user.createdAt)}</dd>
              </div>
              <div>
                <dt>{t('console.users.avatar')}</dt>
                <dd className="mono small">{data.user.avatarUrl ?? t('console.users.noAvatar')}</dd>
              </div>
              {Object.keys(data.user.ext).length > 0 && (
                <div>
                  <dt>{t('console.users.extra')}</dt>
                  <dd>
                    <code className="small ext-json">{JSON.stringify(data.user.ext, null, 1)}</code>
                  </dd>
                </div>
              )}
            </dl>
          </div>
          {canModerate && (
            <div className="card stacked-form" data-testid="user-moderation">
              <h2>{t('console.users.moderation')}</h2>
              <div className="row">
                <button
                  type="button"
                  className={data.banned ? 'secondary' : 'danger'}
                  onClick={() => void act(() => appApi(appId, 'PUT', `${path}/ban`, { banned: !data.banned }), t(data.banned ? 'console.users.unbannedNow' : 'console.users.bannedNow', { id: userId }))}
                >
                  {data.banned ? t('console.users.unban') : t('console.users.ban')}
                </button>
                <button type="button" className="ghost" onClick={() => void act(() => appApi(appId, 'DELETE', `${path}/tokens`), t('console.users.revoked', { id: userId }))} aria-describedby="revoke-explain">
                  {t('console.users.revoke')}
                </button>
              </div>
              <p id="revoke-explain" className="muted small">
                {t('console.users.revokeExplain')}
              </p>
            </div>
          )}
          <div className="card">
            <h2>{t('console.users.devices')}</h2>
            {data.devices.length === 0 ? (
              <p className="muted small" data-testid="no-devices">{t('console.users.noDevices')}</p>
            ) : (
              <table className="stacked-table" data-testid="user-devices">
                <thead>
                  <tr>
                    <th>{t('console.users.device')}</th>
                    <th>{t('console.users.provider')}</th>
                    <th>{t('console.users.registered')}</th>
                    <th>{t('console.users.lastSeen')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.devices.map((device) => (
                    <tr key={device.deviceId}>
                      <td className="mono" data-label={t('console.users.device')}>{device.deviceId} <span className="muted">…{device.hint}</span></td>
                      <td data-label={t('console.users.provider')}>{device.provider}</td>
                      <td data-label={t('console.users.registered')}>{when(device.createdAt)}</td>
                      <td data-label={t('console.users.lastSeen')}>{when(device.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <div className="card">
            <h2>{t('console.users.conversations')}</h2>
            {data.conversations.length === 0 ? (
              <p className="muted small">{t('console.users.noConversations')}</p>
            ) : (
              <table className="stacked-table" data-testid="user-conversations">
                <thead>
                  <tr>
                    <th>{t('console.users.conversation')}</th>
                    <th>{t('console.users.kind')}</th>
                    <th>{t('console.users.role')}</th>
                    <th>{t('console.users.unread')}</th>
                    <th>{t('console.users.lastActivity')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.conversations.map((item) => (
                    <tr key={item.conversation.id} data-testid="user-conversation">
                      <td data-label={t('console.users.conversation')}>
                        {item.conversation.name ?? item.conversation.members?.map((member) => member.userId).filter((id) => id !== userId).join(', ') ?? item.conversation.id}{' '}
                        <span className="mono muted small">{item.conversation.id}</span>
                      </td>
                      <td data-label={t('console.users.kind')}>{t(`console.users.kindOf.${item.conversation.kind}`)}</td>
                      <td data-label={t('console.users.role')}>{t(`console.groups.role.${item.role}`)}</td>
                      <td data-label={t('console.users.unread')}>{item.unreadCount}</td>
                      <td data-label={t('console.users.lastActivity')}>{when(item.lastActivityAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </>
      )}
    </div>
  )
}
