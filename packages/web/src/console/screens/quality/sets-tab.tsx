import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../../console-api.js'
import { ActionError, ResourceState } from '../../status-views.js'
import { useResource } from '../../use-resource.js'
import type { SetSummary } from './quality-types.js'

/** Reads "helper" or "helper qwen-max" lines into candidates. */
export function parseCandidates(text: string): Array<{ botId: string; overrides?: { model: string } }> {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/).filter(Boolean))
    .filter((parts) => parts.length > 0)
    .map(([botId, model]) => ({ botId: botId!, ...(model ? { overrides: { model } } : {}) }))
}

/** Eval sets: the list, a new set from CSV, one built from production signals, and starting a comparison. */
export function SetsTab({ appId, canManage, onRunStarted }: { appId: string; canManage: boolean; onRunStarted: (runId: string) => void }) {
  const { t } = useTranslation()
  const sets = useResource(() => appApi<{ evalSets: SetSummary[] }>(appId, 'GET', 'eval-sets'), appId)
  const [name, setName] = useState('')
  const [csv, setCsv] = useState('question,expected\n')
  const [signalsName, setSignalsName] = useState('')
  const [setId, setSetId] = useState('')
  const [candidates, setCandidates] = useState('')
  const [error, setError] = useState<Error | undefined>()
  const [done, setDone] = useState<string | undefined>()

  const act = (work: () => Promise<void>) => async (event: FormEvent) => {
    event.preventDefault()
    setError(undefined)
    setDone(undefined)
    try {
      await work()
    } catch (cause) {
      setError(cause as Error)
    }
  }

  return (
    <div className="stacked-form">
      <ResourceState loading={sets.loading} error={sets.error} />
      {sets.data && sets.data.evalSets.length === 0 && <p className="muted">{t('console.quality.sets.none')}</p>}
      <ul className="card-list" data-testid="sets-list">
        {sets.data?.evalSets.map((set) => (
          <li key={set.id} className="card">
            <div className="row">
              <strong>{set.name}</strong>
              <span className="pill">{set.origin}</span>
            </div>
            <p className="small muted">{t('console.quality.sets.items', { count: set.itemCount, version: set.version })} · <span className="mono">{set.id}</span></p>
          </li>
        ))}
      </ul>
      <ActionError error={error} />
      {done && <p role="status" className="small">{done}</p>}
      {canManage && (
        <>
          <form className="card stacked-form" onSubmit={act(async () => {
            const run = await appApi<{ id: string }>(appId, 'POST', 'eval-runs', { evalSetId: setId || sets.data?.evalSets[0]?.id, candidates: parseCandidates(candidates) })
            setDone(t('console.quality.sets.started'))
            onRunStarted(run.id)
          })}>
            <h2>{t('console.quality.sets.runHeading')}</h2>
            <label>
              {t('console.quality.sets.set')}
              <select value={setId} onChange={(event) => setSetId(event.target.value)}>
                {sets.data?.evalSets.map((set) => <option key={set.id} value={set.id}>{set.name}</option>)}
              </select>
            </label>
            <label>
              {t('console.quality.sets.candidates')}
              <textarea value={candidates} onChange={(event) => setCandidates(event.target.value)} rows={3} className="mono" placeholder={'helper\nhelper qwen-max'} required />
            </label>
            <div><button type="submit" className="primary" disabled={!sets.data?.evalSets.length || parseCandidates(candidates).length === 0}>{t('console.quality.sets.start')}</button></div>
          </form>
          <div className="two-columns">
            <form className="card stacked-form" onSubmit={act(async () => {
              await appApi(appId, 'POST', 'eval-sets', { name, csv })
              setName('')
              setDone(t('console.quality.sets.created'))
              sets.reload()
            })}>
              <h2>{t('console.quality.sets.createHeading')}</h2>
              <label>
                {t('console.quality.sets.name')}
                <input value={name} onChange={(event) => setName(event.target.value)} required />
              </label>
              <label>
                {t('console.quality.sets.csv')}
                <textarea value={csv} onChange={(event) => setCsv(event.target.value)} rows={6} className="mono" required />
              </label>
              <div><button type="submit" className="primary">{t('console.quality.sets.create')}</button></div>
            </form>
            <form className="card stacked-form" onSubmit={act(async () => {
              await appApi(appId, 'POST', 'eval-sets/from-signals', { name: signalsName })
              setSignalsName('')
              setDone(t('console.quality.sets.created'))
              sets.reload()
            })}>
              <h2>{t('console.quality.sets.signalsHeading')}</h2>
              <p className="small muted">{t('console.quality.sets.signalsIntro')}</p>
              <label>
                {t('console.quality.sets.name')}
                <input value={signalsName} onChange={(event) => setSignalsName(event.target.value)} required />
              </label>
              <div><button type="submit" className="primary">{t('console.quality.sets.fromSignals')}</button></div>
            </form>
          </div>
        </>
      )}
    </div>
  )
}
