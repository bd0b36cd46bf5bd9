import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../../console-api.js'
import { ResourceState } from '../../status-views.js'
import { useResource } from '../../use-resource.js'
import { percent } from './quality-types.js'
import { useStackedTable } from '../../stacked-table.js'

interface VariantOutcome {
  variantId: string
  weight: number
  overrides: { model?: string }
  replies: number
  users: number
  handoffRate: number | null
  thumbsUp: number
  thumbsDown: number
  downRate: number | null
  csatAverage: number | null
  csatCount: number
  inputTokens: number
  outputTokens: number
  latencyP50Ms: number
}

interface Outcomes {
  variants: VariantOutcome[]
  comparison?: { downRate: Comparison; handoffRate: Comparison }
}

/** How two variants' rates compare: the server's note in English and Chinese and its verdict. */
interface Comparison {
  note: string
  noteZh?: string
  verdict?: 'no_data' | 'too_few' | 'significant' | 'not_significant'
}

/** One comparison in the reader's language: the verdict in words, then the server's note (`noteZh` in Chinese). */
function ComparisonNote({ label, comparison, testId }: { label: string; comparison: Comparison; testId: string }) {
  const { t, i18n } = useTranslation()
  const zh = i18n.language.toLowerCase().startsWith('zh')
  return (
    <li data-testid={testId} data-verdict={comparison.verdict}>
      <strong>{label}</strong>
      {comparison.verdict ? ` · ${t(`console.quality.variants.verdicts.${comparison.verdict}`)}` : ''}: {zh && comparison.noteZh ? comparison.noteZh : comparison.note}
    </li>
  )
}

/** A/B variants of one bot: outcomes per variant over the last 30 days, with the significance notes. */
export function VariantsTab({ appId }: { appId: string }) {
  const { t } = useTranslation()
  const stackedTable = useStackedTable()
  const bots = useResource(() => appApi<{ bots: Array<{ id: string; name: string }> }>(appId, 'GET', 'bots'), appId)
  const [botId, setBotId] = useState('')
  const chosen = botId || bots.data?.bots[0]?.id || ''
  const outcomes = useResource(() => (chosen ? appApi<Outcomes>(appId, 'GET', `bots/${encodeURIComponent(chosen)}/variants/outcomes`) : Promise.resolve(undefined)), `${appId}:${chosen}`)
  const rows: Array<[string, (variant: VariantOutcome) => string]> = [
    [t('console.quality.variants.weight'), (variant) => String(variant.weight)],
    [t('console.quality.variants.model'), (variant) => variant.overrides.model ?? t('console.quality.variants.botModel')],
    [t('console.quality.variants.replies'), (variant) => `${variant.replies} · ${t('console.quality.variants.users', { count: variant.users })}`],
    [t('console.quality.runs.handoffRate'), (variant) => percent(variant.handoffRate)],
    [t('console.quality.variants.feedback'), (variant) => `👍 ${variant.thumbsUp} · 👎 ${variant.thumbsDown} (${percent(variant.downRate)})`],
    [t('console.quality.variants.csat'), (variant) => (variant.csatAverage === null ? '—' : `${variant.csatAverage.toFixed(1)} (${variant.csatCount})`)],
    [t('console.quality.runs.tokens'), (variant) => `${variant.inputTokens} / ${variant.outputTokens}`],
    [t('console.quality.variants.latency'), (variant) => `${Math.round(variant.latencyP50Ms)} ms`],
  ]
  return (
    <div className="stacked-form">
      <label>
        {t('console.quality.variants.bot')}
        <select value={chosen} onChange={(event) => setBotId(event.target.value)}>
          {bots.data?.bots.map((bot) => <option key={bot.id} value={bot.id}>{bot.name}</option>)}
        </select>
      </label>
      <ResourceState loading={outcomes.loading} error={outcomes.error} />
      {outcomes.data && outcomes.data.variants.length === 0 && <p className="muted">{t('console.quality.variants.none')}</p>}
      {outcomes.data && outcomes.data.variants.length > 0 && (
        <div style={{ overflowX: 'auto' }}>
          <table className="stacked-table" ref={stackedTable} data-testid="variant-outcomes">
            <thead>
              <tr>
                <th scope="col">{t('console.quality.variants.variant')}</th>
                {outcomes.data.variants.map((variant) => <th scope="col" key={variant.variantId}>{variant.variantId}</th>)}
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, value]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {outcomes.data!.variants.map((variant) => <td key={variant.variantId}>{value(variant)}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {outcomes.data?.comparison && (
        <ul className="small notice-box plain-list" data-testid="variant-notes">
          <ComparisonNote label={t('console.quality.variants.downNote')} comparison={outcomes.data.comparison.downRate} testId="variant-note-down" />
          <ComparisonNote label={t('console.quality.variants.handoffNote')} comparison={outcomes.data.comparison.handoffRate} testId="variant-note-handoff" />
        </ul>
      )}
    </div>
  )
}
