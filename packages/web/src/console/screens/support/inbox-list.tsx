import { useTranslation } from 'react-i18next'
import { formatTime } from '../../../shared/format-time.js'
import { bodyText } from './body-text.js'
import { formatDuration } from './format-duration.js'
import { INBOX_TABS, type InboxTab } from './inbox-tabs.js'
import type { SupportConversation } from './support-types.js'

/** The tabs with their counts and the conversations of the current tab. */
export function InboxList({
  tab,
  onTab,
  counts,
  rows,
  selectedId,
  onSelect,
  nameOf,
  now,
}: {
  tab: InboxTab
  onTab: (tab: InboxTab) => void
  counts: Record<InboxTab, number> | undefined
  rows: SupportConversation[] | undefined
  selectedId: string | undefined
  onSelect: (conversationId: string) => void
  nameOf: (userId: string) => string
  now: number
}) {
  const { t, i18n } = useTranslation()
  return (
    <div className="inbox-list-pane">
      <div className="tabs inbox-tabs" role="tablist" aria-label={t('console.support.tabsLabel')}>
        {INBOX_TABS.map((entry) => (
          <button
            key={entry}
            type="button"
            role="tab"
            id={`inbox-tab-${entry}`}
            aria-selected={entry === tab}
            aria-controls="inbox-rows"
            className={`tab${entry === tab ? ' active' : ''}`}
            data-testid={`inbox-tab-${entry}`}
            onClick={() => onTab(entry)}
          >
            {t(`console.support.tabs.${entry}`)}
            {counts && (
              <span className="tab-count" data-testid={`inbox-count-${entry}`}>
                {counts[entry]}
              </span>
            )}
          </button>
        ))}
      </div>
      <div id="inbox-rows" role="tabpanel" aria-labelledby={`inbox-tab-${tab}`}>
        {rows && rows.length === 0 && <p className="muted inbox-empty">{t(`console.support.empty.${tab}`)}</p>}
        <ul className="inbox-rows">
          {rows?.map((row) => {
            const { support } = row
            const customer = row.customerId ? nameOf(row.customerId) : row.conversationId
            const preview = row.lastMessage ? bodyText(row.lastMessage.body, t) : ''
            const waitingSince = support.status === 'queued' ? support.queuedAt : undefined
            // The customer spoke last in an open conversation: it waits for the team.
            const awaiting = support.status === 'assigned' && row.lastMessage !== undefined && row.lastMessage.senderId === row.customerId
            return (
              <li key={row.conversationId}>
                <button
                  type="button"
                  className={`inbox-row${row.conversationId === selectedId ? ' selected' : ''}${awaiting ? ' awaiting' : ''}`}
                  aria-current={row.conversationId === selectedId ? 'true' : undefined}
                  data-testid={`inbox-row-${row.conversationId}`}
                  onClick={() => onSelect(row.conversationId)}
                >
                  <span className="inbox-row-top">
                    <strong className="inbox-row-name">{customer}</strong>
                    {row.lastMessage && <span className="muted small nowrap">{formatTime(row.lastMessage.ts, i18n.language)}</span>}
                  </span>
                  {preview && <span className="inbox-row-preview">{preview}</span>}
                  <span className="inbox-row-meta">
                    <span className={`pill pill-status-${support.status}`}>{t(`console.support.status.${support.status}`)}</span>
                    {awaiting && <span className="pill pill-awaiting">{t('console.support.awaitingReply')}</span>}
                    {support.priority !== 'normal' && <span className={`pill pill-priority-${support.priority}`}>{t(`console.support.priority.${support.priority}`)}</span>}
                    {support.reason && <span className="muted small">{t(`console.support.reason.${support.reason}`)}</span>}
                    {waitingSince !== undefined && waitingSince !== null && <span className="muted small">{t('console.support.waiting', { time: formatDuration(now - waitingSince, i18n.language) })}</span>}
                    {support.status !== 'queued' && support.assigneeId && <span className="muted small">{t('console.support.assignedTo', { name: nameOf(support.assigneeId) })}</span>}
                  </span>
                </button>
              </li>
            )
          })}
        </ul>
      </div>
    </div>
  )
}
