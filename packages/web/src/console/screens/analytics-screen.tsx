import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { consoleApi } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { BarChart } from './bar-chart.js'
import { fillDays } from './fill-days.js'

interface DailyCount {
  day: string
  count: number
}

interface Analytics {
  messagesPerDay: DailyCount[]
  activeUsersPerDay: DailyCount[]
  botRepliesPerDay: DailyCount[]
  tokensPerBot: { botId: string; tokens: number }[]
  botConversations: number
  handedOff: number
}

function DailyChart({ title, data, testId }: { title: string; data: DailyCount[]; testId: string }) {
  const { t } = useTranslation()
  const total = data.reduce((sum, entry) => sum + entry.count, 0)
  const empty = total === 0
  return (
    <div className="card chart-card" data-testid={testId}>
      <div className="row">
        <h2>{title}</h2>
        <span className="muted small" data-testid="chart-total" data-total={total}>
          {t('console.analytics.total', { count: total })}
        </span>
      </div>
      {empty ? <p className="muted">{t('console.analytics.noData')}</p> : <BarChart label={title} bars={data.map((entry) => ({ label: entry.day.slice(5), value: entry.count }))} />}
    </div>
  )
}

/** Analytics of the chosen app: messages, active people and bot replies per day, tokens per bot, handoffs. */
export function AnalyticsScreen({ appId }: ScreenProps) {
  const { t } = useTranslation()
  const [days, setDays] = useState(30)
  const data = useResource(() => consoleApi<Analytics>('GET', `/analytics?days=${days}${appId ? `&appId=${appId}` : ''}`), `${appId}:${days}`)
  return (
    <section className="screen">
      <div className="screen-header">
        <h1>{t('console.analytics.heading')}</h1>
        <label>
          <span className="visually-hidden">{t('console.analytics.days', { count: days })}</span>
          <select value={days} onChange={(event) => setDays(Number(event.target.value))}>
            {[7, 30, 90].map((count) => (
              <option key={count} value={count}>
                {t('console.analytics.days', { count })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ResourceState loading={data.loading} error={data.error} />
      {data.data && (
        <div className="chart-grid">
          <DailyChart title={t('console.analytics.messagesPerDay')} data={fillDays(data.data.messagesPerDay, days)} testId="chart-messages" />
          <DailyChart title={t('console.analytics.activeUsers')} data={fillDays(data.data.activeUsersPerDay, days)} testId="chart-active" />
          <DailyChart title={t('console.analytics.botReplies')} data={fillDays(data.data.botRepliesPerDay, days)} testId="chart-bot-replies" />
          <div className="card chart-card">
            <h2>{t('console.analytics.tokensPerBot')}</h2>
            {data.data.tokensPerBot.length === 0 ? (
              <p className="muted">{t('console.analytics.noTokens')}</p>
            ) : (
              <BarChart label={t('console.analytics.tokensPerBot')} bars={data.data.tokensPerBot.map((entry) => ({ label: entry.botId, value: entry.tokens }))} />
            )}
          </div>
          <div className="card chart-card">
            <h2>{t('console.analytics.handoff')}</h2>
            {data.data.botConversations === 0 && data.data.handedOff === 0 ? (
              <p className="muted">{t('console.analytics.noHandoff')}</p>
            ) : (
              <p className="big-number">{t('console.analytics.handoffValue', { handed: data.data.handedOff, total: data.data.botConversations })}</p>
            )}
          </div>
        </div>
      )}
    </section>
  )
}
