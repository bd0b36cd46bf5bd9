import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../../../shared/format-time.js'
import { consoleApi } from '../../console-api.js'
import type { ScreenProps } from '../../screen-props.js'
import { ResourceState } from '../../status-views.js'
import { useResource } from '../../use-resource.js'
import './dashboard-texts.js'
import { describeActivity, type ActivityEntry } from './describe-action.js'

interface Overview {
  since: number
  people: number
  bots: number
  conversations: number
  messagesSince: number
  openSupport: { queued: number; assigned: number; snoozed: number }
  activity: (ActivityEntry & { id: number; ts: number; actorType: string; actorId: string | null })[]
}

/** The browser's local midnight: "today" is the reader's day. */
function startOfToday(): number {
  const now = new Date()
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime()
}

function Count({ label, value, detail, testId }: { label: string; value: number; detail?: string; testId: string }) {
  return (
    <li className="card stat-card" data-testid={testId}>
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={`${testId}-value`}>{value.toLocaleString()}</span>
      {detail && <span className="muted small">{detail}</span>}
    </li>
  )
}

/** The landing dashboard of the chosen app: counts at a glance and the latest changes from the audit log. */
export function DashboardScreen({ appId }: ScreenProps) {
  const { t, i18n } = useTranslation()
  const overview = useResource(
    () => (appId ? consoleApi<Overview>('GET', `/apps/${encodeURIComponent(appId)}/overview?since=${startOfToday()}`) : Promise.resolve(undefined)),
    `${appId}`,
  )
  const data = overview.data
  const open = data ? data.openSupport.queued + data.openSupport.assigned + data.openSupport.snoozed : 0
  return (
    <section className="screen dashboard">
      <h1>{t('console.dashboard.heading')}</h1>
      {!appId && <p className="muted">{t('console.dashboard.noApp')}</p>}
      <ResourceState loading={overview.loading} error={overview.error} />
      {data && (
        <>
          <h2 className="visually-hidden">{t('console.dashboard.counts')}</h2>
          <ul className="stat-grid">
            <Count label={t('console.dashboard.people')} value={data.people} testId="stat-people" />
            <Count label={t('console.dashboard.conversations')} value={data.conversations} testId="stat-conversations" />
            <Count label={t('console.dashboard.messagesToday')} value={data.messagesSince} testId="stat-messages" />
            <Count label={t('console.dashboard.bots')} value={data.bots} testId="stat-bots" />
            <Count label={t('console.dashboard.openSupport')} value={open} detail={t('console.dashboard.openDetail', data.openSupport)} testId="stat-support" />
          </ul>
          <div className="card">
            <div className="row">
              <h2>{t('console.dashboard.activity')}</h2>
              <a href="#/audit">{t('console.dashboard.allActivity')}</a>
            </div>
            {data.activity.length === 0 && <p className="muted">{t('console.dashboard.noActivity')}</p>}
            <ol className="activity-list" data-testid="activity">
              {data.activity.map((entry) => {
                const summary = describeActivity(entry)
                // An app secret's or the operator's entry names the key, not a person: say which kind of key.
                const person = entry.actorType === 'console' || entry.actorType === 'user'
                const actor = person ? (entry.actorName ?? entry.actorId ?? entry.actorType) : t(`console.dashboard.actors.${entry.actorType}`, { defaultValue: entry.actorType })
                // A sentence starts with a capital ("App secret created …"); a person's name or email stays as written.
                const sentenceActor = person ? actor : actor.charAt(0).toLocaleUpperCase(i18n.language) + actor.slice(1)
                const resource = summary.verb !== 'other' && summary.resource && i18n.exists(`console.dashboard.resources.${summary.resource}.some`) ? summary.resource : undefined
                const what = resource ? t(`console.dashboard.resources.${resource}.${summary.name ? 'named' : 'some'}`, { name: summary.name }) : undefined
                return (
                  <li key={entry.id} data-testid="activity-entry">
                    {what ? (
                      <span data-testid="activity-sentence">{t(`console.dashboard.sentences.${summary.verb}`, { actor: sentenceActor, what })}</span>
                    ) : (
                      <span>
                        <strong>{t(`console.dashboard.verbs.${summary.verb}`)}</strong> <span className="mono">{summary.subject}</span> · {t('console.dashboard.by', { actor })}
                      </span>
                    )}
                    <span className="muted small">
                      <time dateTime={new Date(entry.ts).toISOString()}>{formatDateTime(entry.ts, i18n.language)}</time>
                    </span>
                  </li>
                )
              })}
            </ol>
          </div>
        </>
      )}
    </section>
  )
}
