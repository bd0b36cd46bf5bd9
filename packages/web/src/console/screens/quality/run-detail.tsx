import { useTranslation } from 'react-i18next'
import { percent, type RunView } from './quality-types.js'
import { wordDiff } from './word-diff.js'
import { useStackedTable } from '../../stacked-table.js'

/** One run: the figures per candidate in columns, then every question with each candidate's answer side by side. */
export function RunDetail({ run, onCancel }: { run: RunView; onCancel?: () => void }) {
  const { t } = useTranslation()
  const stackedTable = useStackedTable()
  const figures: Array<[string, (index: number) => string]> = [
    [t('console.quality.runs.answerMatch'), (index) => percent(run.candidates[index]!.answerMatch)],
    [t('console.quality.runs.citationHit'), (index) => percent(run.candidates[index]!.citationHit)],
    [t('console.quality.runs.handoffRate'), (index) => percent(run.candidates[index]!.handoffRate)],
    [t('console.quality.runs.latency'), (index) => `${Math.round(run.candidates[index]!.latencyP50Ms)} / ${Math.round(run.candidates[index]!.latencyP95Ms)} ms`],
    [t('console.quality.runs.tokens'), (index) => `${run.candidates[index]!.inputTokens} / ${run.candidates[index]!.outputTokens}`],
    [t('console.quality.runs.cost'), (index) => {
      const candidate = run.candidates[index]!
      return candidate.estimatedCost === null ? t('console.quality.unavailable') : `${candidate.estimatedCost.toFixed(4)} ${candidate.currency ?? ''}`.trim()
    }],
    ...(run.candidates.some((candidate) => candidate.judgeScore !== null) ? [[t('console.quality.runs.judge'), (index: number) => percent(run.candidates[index]!.judgeScore)] as [string, (index: number) => string]] : []),
  ]
  return (
    <div className="stacked-form" data-testid="run-detail">
      <div className="row">
        <p className="small" role="status">
          <span className={`pill pill-${run.status === 'done' ? 'ready' : run.status === 'failed' ? 'failed' : 'pending'}`}>{t(`console.quality.runs.status.${run.status}`)}</span>{' '}
          {t('console.quality.runs.progress', { completed: run.completed, total: run.total })}
          {run.error ? ` · ${run.error}` : ''}
        </p>
        {onCancel && (run.status === 'queued' || run.status === 'running') && <button type="button" className="ghost" onClick={onCancel}>{t('console.quality.runs.cancel')}</button>}
      </div>
      <h2>{t('console.quality.runs.figures')}</h2>
      <div style={{ overflowX: 'auto' }}>
        <table className="stacked-table" ref={stackedTable} data-testid="run-figures">
          <thead>
            <tr>
              <th scope="col">{t('console.quality.runs.candidate')}</th>
              {run.candidates.map((candidate) => <th scope="col" key={candidate.index}>{candidate.label}</th>)}
            </tr>
          </thead>
          <tbody>
            {figures.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {run.candidates.map((candidate) => <td key={candidate.index}>{value(candidate.index)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('console.quality.runs.items')}</h2>
      <p className="muted small">{t('console.quality.runs.diffNote')}</p>
      <ol className="card-list" data-testid="run-items">
        {(run.items ?? []).map((item) => {
          const first = item.answers[0]?.answer ?? ''
          return (
            <li key={item.index} className="card">
              <p><strong>{item.question}</strong></p>
              {item.expected && <p className="small muted">{t('console.quality.runs.expected')}: {item.expected.join(' | ')}</p>}
              <div className="quality-answers" style={{ display: 'grid', gap: '0.6rem', gridTemplateColumns: `repeat(auto-fit, minmax(220px, 1fr))` }}>
                {item.answers.map((answer, index) => (
                  <div key={index} className="quality-answer" data-testid="item-answer">
                    <p className="small"><strong>{run.candidates[index]?.label}</strong>{' '}
                      {answer && !answer.error && <span className={`pill ${answer.answerMatch ? 'pill-ready' : 'pill-pending'}`}>{answer.answerMatch ? t('console.quality.runs.matched') : t('console.quality.runs.missed')}</span>}{' '}
                      {answer?.handoff && <span className="pill">{t('console.quality.runs.declined')}</span>}
                    </p>
                    {!answer && <p className="muted small">{t('console.quality.runs.pending')}</p>}
                    {answer?.error && <p className="small">{t('console.quality.runs.failedAnswer', { code: answer.error })}</p>}
                    {answer && !answer.error && (
                      <p className="small" style={{ whiteSpace: 'pre-wrap' }}>
                        {index === 0 ? answer.answer : wordDiff(first, answer.answer).map((part, key) => (part.changed ? <mark key={key}>{part.text}</mark> : <span key={key}>{part.text}</span>))}
                      </p>
                    )}
                  </div>
                ))}
              </div>
            </li>
          )
        })}
      </ol>
    </div>
  )
}
