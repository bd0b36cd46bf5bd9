import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ScreenProps } from '../../screen-props.js'
import { ResourceState } from '../../status-views.js'
import { useResource } from '../../use-resource.js'
import { BarChart } from '../bar-chart.js'
import { BarList } from './bar-list.js'
import { formatDuration } from './format-duration.js'
import { csatBars, handoffRate, reasonBars } from './support-analytics.js'
import { supportApi } from './support-api.js'
import type { CsatAverage, SupportAnalytics } from './support-types.js'
import { useNames } from './use-names.js'

const DAY_MS = 24 * 60 * 60 * 1000

function TimeCard({ title, value, testId }: { title: string; value: SupportAnalytics['firstResponseMs']; testId: string }) {
  const { t, i18n } = useTranslation()
  return (
    <div className="card chart-card" data-testid={testId}>
      <h2>{title}</h2>
      {value.count === 0 || value.p50 === null ? (
        <p className="muted">{t('console.supportAnalytics.noTimes')}</p>
      ) : (
        <>
          <p className="big-number">
            {t('console.supportAnalytics.median')}: {formatDuration(value.p50, i18n.language)}
          </p>
          <p className="muted small">
            {t('console.supportAnalytics.average')}: {value.average === null ? '—' : formatDuration(value.average, i18n.language)} · {t('console.supportAnalytics.measured', { count: value.count })}
          </p>
        </>
      )}
    </div>
  )
}

function CsatCard({ title, rows, labelOf, testId, byDay = false }: { title: string; rows: (CsatAverage & { label: string })[]; labelOf: (label: string) => string; testId: string; byDay?: boolean }) {
  const { t } = useTranslation()
  const total = rows.reduce((sum, row) => sum + row.count, 0)
  return (
    <div className="card chart-card" data-testid={testId}>
      <div className="row">
        <h2>{title}</h2>
        {total > 0 && <span className="muted small">{t('console.supportAnalytics.ratings', { count: total })}</span>}
      </div>
      {rows.length === 0 ? (
        <p className="muted">{t('console.supportAnalytics.noCsat')}</p>
      ) : byDay ? (
        <BarChart label={title} bars={csatBars(rows, labelOf)} />
      ) : (
        <BarList label={title} bars={csatBars(rows, labelOf)} max={5} format={(value) => t('console.supportAnalytics.csatValue', { average: value })} />
      )}
    </div>
  )
}

/** Support analytics of the chosen app: hand-off rate and reasons, response and resolution times, CSAT. */
export function SupportAnalyticsScreen({ appId }: ScreenProps) {
  const { t } = useTranslation()
  const [days, setDays] = useState(7)
  const api = useMemo(() => (appId ? supportApi(appId) : undefined), [appId])
  const { nameOf } = useNames(api)
  const data = useResource(async () => {
    if (!api) return undefined
    const to = Date.now()
    return api.analytics({ from: to - days * DAY_MS, to })
  }, `${appId}:${days}`)
  const analytics = data.data
  const rate = analytics ? handoffRate(analytics) : undefined
  return (
    <section className="screen">
      <div className="screen-header">
        <h1>{t('console.supportAnalytics.heading')}</h1>
        <label>
          <span className="visually-hidden">{t('console.supportAnalytics.range', { count: days })}</span>
          <select value={days} onChange={(event) => setDays(Number(event.target.value))} data-testid="support-analytics-days">
            {[7, 30, 90].map((count) => (
              <option key={count} value={count}>
                {t('console.supportAnalytics.range', { count })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!appId && <p className="muted">{t('console.app.none')}</p>}
      <ResourceState loading={data.loading} error={data.error} />
      {analytics && (
        <div className="chart-grid">
          <div className="card chart-card" data-testid="support-handoff-rate">
            <h2>{t('console.supportAnalytics.handoffs')}</h2>
            {rate === undefined ? (
              <p className="muted">{t('console.supportAnalytics.noBotConversations')}</p>
            ) : (
              <p className="big-number">{t('console.supportAnalytics.handoffRate', { rate, total: analytics.botConversations })}</p>
            )}
          </div>
          <div className="card chart-card" data-testid="support-by-reason">
            <h2>{t('console.supportAnalytics.byReason')}</h2>
            {analytics.handoffs === 0 ? (
              <p className="muted">{t('console.analytics.noData')}</p>
            ) : (
              <BarList label={t('console.supportAnalytics.byReason')} bars={reasonBars(analytics, (reason) => t(`console.support.reason.${reason}`))} />
            )}
          </div>
          <TimeCard title={t('console.supportAnalytics.firstResponse')} value={analytics.firstResponseMs} testId="support-first-response" />
          <TimeCard title={t('console.supportAnalytics.resolution')} value={analytics.resolutionMs} testId="support-resolution" />
          <CsatCard title={t('console.supportAnalytics.csatByAgent')} rows={analytics.csat.byAgent.map((row) => ({ ...row, label: row.agentId }))} labelOf={nameOf} testId="support-csat-agent" />
          <CsatCard
            title={t('console.supportAnalytics.csatByTeam')}
            rows={analytics.csat.byTeam.map((row) => ({ ...row, label: row.team }))}
            labelOf={(team) => team || t('console.supportAnalytics.noTeam')}
            testId="support-csat-team"
          />
          <CsatCard title={t('console.supportAnalytics.csatByDay')} rows={analytics.csat.byDay.map((row) => ({ ...row, label: row.day }))} labelOf={(day) => day.slice(5)} testId="support-csat-day" byDay />
        </div>
      )}
    </section>
  )
}
