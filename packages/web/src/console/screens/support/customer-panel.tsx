import { useTranslation } from 'react-i18next'
import type { User } from '@warbler/protocol'
import { formatDateTime, formatTime } from '../../../shared/format-time.js'
import { useResource } from '../../use-resource.js'
import { bodyText } from './body-text.js'
import type { SupportApi } from './support-api.js'

/** Profile fields worth showing: the user's `ext` values that are short text or numbers. */
function profileFields(user: User): [string, string][] {
  return Object.entries(user.ext ?? {})
    .filter((entry): entry is [string, string | number | boolean] => ['string', 'number', 'boolean'].includes(typeof entry[1]))
    .map(([key, value]): [string, string] => [key, String(value)])
    .filter(([, value]) => value.length <= 200)
    .slice(0, 12)
}

/** The customer beside the conversation: profile, and their other conversations to open. */
export function CustomerPanel({
  api,
  customerId,
  conversationId,
  user,
  nameOf,
  onOpen,
}: {
  api: SupportApi
  customerId: string
  conversationId: string
  user: User | undefined
  nameOf: (userId: string) => string
  onOpen: (conversationId: string) => void
}) {
  const { t, i18n } = useTranslation()
  const past = useResource(() => api.conversationsOf(customerId), customerId)
  const others = past.data?.items.filter((item) => item.conversation.id !== conversationId) ?? []
  return (
    <aside className="inbox-customer card" aria-labelledby="customer-heading" data-testid="customer-panel">
      <h2 id="customer-heading">{t('console.support.customer.heading')}</h2>
      <p className="customer-name">
        <strong>{user?.name ?? customerId}</strong>
      </p>
      <dl className="customer-fields small">
        <div>
          <dt>{t('console.support.customer.id')}</dt>
          <dd className="mono">{customerId}</dd>
        </div>
        {user && (
          <div>
            <dt className="visually-hidden">{t('console.support.customer.details')}</dt>
            <dd className="muted">{t('console.support.customer.since', { time: formatDateTime(user.createdAt, i18n.language) })}</dd>
          </div>
        )}
        {user &&
          profileFields(user).map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <h3>{t('console.support.customer.past')}</h3>
      {past.data && others.length === 0 && <p className="muted small">{t('console.support.customer.noPast')}</p>}
      <ul className="past-conversations">
        {others.map((item) => {
          const other = item.conversation.kind === 'direct' ? item.conversation.members?.find((member) => member.userId !== customerId)?.userId : undefined
          const title = item.conversation.kind === 'group' ? t('console.support.customer.group', { name: item.conversation.name ?? '' }) : other ? nameOf(other) : t('console.support.customer.direct')
          return (
            <li key={item.conversation.id}>
              <button type="button" className="past-conversation" onClick={() => onOpen(item.conversation.id)}>
                <span className="inbox-row-top">
                  <strong>{title}</strong>
                  <span className="muted small">{formatTime(item.lastActivityAt, i18n.language)}</span>
                </span>
                {item.lastMessage && <span className="inbox-row-preview small">{bodyText(item.lastMessage.body, t)}</span>}
              </button>
            </li>
          )
        })}
      </ul>
    </aside>
  )
}
