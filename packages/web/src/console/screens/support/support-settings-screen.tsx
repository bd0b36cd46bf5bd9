import { useMemo, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ScreenProps } from '../../screen-props.js'
import { ResourceState } from '../../status-views.js'
import { useResource } from '../../use-resource.js'
import { errorText } from './human-error.js'
import { SlaCard } from './sla-card.js'
import { supportApi, type SupportApi } from './support-api.js'
import type { Agent } from './support-types.js'
import { useNames } from './use-names.js'
import { useStackedTable } from '../../stacked-table.js'

/** Teams typed as `billing, vip` → `['billing', 'vip']` (trimmed, no empties, no repeats). */
export function parseTeams(text: string): string[] {
  return [...new Set(text.split(/[,，]/).map((team) => team.trim()).filter((team) => team !== ''))]
}

/** One action's outcome line (error or done), in human words. */
function useOutcome() {
  const { t } = useTranslation()
  const [error, setError] = useState<string | undefined>()
  const [done, setDone] = useState<string | undefined>()
  async function run(action: () => Promise<unknown>, doneText: string): Promise<boolean> {
    setError(undefined)
    setDone(undefined)
    try {
      await action()
      setDone(doneText)
      return true
    } catch (cause) {
      setError(errorText(cause, t))
      return false
    }
  }
  const view = (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="inbox-done small" role="status">
        {done}
      </p>
    </>
  )
  return { run, view }
}

function AgentRow({ agent, api, nameOf, canManage, onChanged }: { agent: Agent; api: SupportApi; nameOf: (userId: string) => string; canManage: boolean; onChanged: () => void }) {
  const { t } = useTranslation()
  const [capacity, setCapacity] = useState(String(agent.capacity))
  const [teams, setTeams] = useState(agent.teams.join(', '))
  const { run, view } = useOutcome()
  const changed = capacity !== String(agent.capacity) || teams !== agent.teams.join(', ')
  return (
    <tr data-testid={`agent-${agent.userId}`}>
      <td>
        {nameOf(agent.userId)} <span className="mono muted small">{agent.userId}</span>
        {view}
      </td>
      <td>
        {canManage ? (
          <input type="number" min={0} max={100} value={capacity} aria-label={t('console.supportSettings.capacityOf', { name: nameOf(agent.userId) })} onChange={(event) => setCapacity(event.target.value)} className="narrow-number" />
        ) : (
          agent.capacity
        )}
      </td>
      <td>{canManage ? <input value={teams} aria-label={t('console.supportSettings.teamsOf', { name: nameOf(agent.userId) })} onChange={(event) => setTeams(event.target.value)} /> : agent.teams.join(', ')}</td>
      <td>
        {t(`console.support.availability.${agent.availability}`)}
        {agent.online ? ` · ${t('console.support.connected')}` : ''}
      </td>
      <td>{agent.openCount}</td>
      <td className="actions">
        {canManage && (
          <>
            <button
              type="button"
              className="secondary"
              disabled={!changed}
              onClick={() => void run(() => api.setAgent(agent.userId, { capacity: Number(capacity), teams: parseTeams(teams) }), t('console.supportSettings.saved')).then((ok) => ok && onChanged())}
            >
              {t('common.save')}
            </button>
            <button
              type="button"
              className="ghost"
              onClick={() => {
                if (confirm(t('console.supportSettings.removeConfirm', { name: nameOf(agent.userId) }))) void run(() => api.removeAgent(agent.userId), '').then((ok) => ok && onChanged())
              }}
            >
              {t('console.supportSettings.remove')}
            </button>
          </>
        )}
      </td>
    </tr>
  )
}

function AgentsCard({ api, canManage }: { api: SupportApi; canManage: boolean }) {
  const { t } = useTranslation()
  const stackedTable = useStackedTable()
  const agents = useResource(() => api.agents(), api.appId)
  const { nameOf } = useNames(api)
  const [userId, setUserId] = useState('')
  const [capacity, setCapacity] = useState('3')
  const [teams, setTeams] = useState('')
  const { run, view } = useOutcome()

  async function add(event: FormEvent) {
    event.preventDefault()
    const ok = await run(() => api.setAgent(userId.trim(), { capacity: Number(capacity), teams: parseTeams(teams) }), t('console.supportSettings.added', { id: userId.trim() }))
    if (ok) {
      setUserId('')
      setTeams('')
      agents.reload()
    }
  }

  return (
    <div className="card stacked-form">
      <h2>{t('console.supportSettings.agents')}</h2>
      <p className="muted small">{t('console.supportSettings.agentsHint')}</p>
      <ResourceState loading={agents.loading} error={agents.error} />
      {agents.data && agents.data.length === 0 && <p className="muted">{t('console.supportSettings.noAgents')}</p>}
      {agents.data && agents.data.length > 0 && (
        <div className="table-wrap">
          <table className="stacked-table" ref={stackedTable}>
            <thead>
              <tr>
                <th>{t('console.supportSettings.agent')}</th>
                <th>{t('console.supportSettings.capacity')}</th>
                <th>{t('console.supportSettings.teams')}</th>
                <th>{t('console.support.availability.label')}</th>
                <th>{t('console.supportSettings.open')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {agents.data.map((agent) => (
                <AgentRow key={`${agent.userId}:${agent.capacity}:${agent.teams.join(',')}`} agent={agent} api={api} nameOf={nameOf} canManage={canManage} onChanged={agents.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage && (
        <form className="inline-form" onSubmit={add}>
          <label className="grow">
            {t('console.supportSettings.userId')}
            <input value={userId} onChange={(event) => setUserId(event.target.value)} required maxLength={128} />
          </label>
          <label>
            {t('console.supportSettings.capacity')}
            <input type="number" min={0} max={100} value={capacity} onChange={(event) => setCapacity(event.target.value)} className="narrow-number" />
          </label>
          <label className="grow">
            {t('console.supportSettings.teamsHint')}
            <input value={teams} onChange={(event) => setTeams(event.target.value)} />
          </label>
          <button type="submit" className="primary">
            {t('console.supportSettings.add')}
          </button>
        </form>
      )}
      {view}
    </div>
  )
}

function CannedCard({ api, canManage }: { api: SupportApi; canManage: boolean }) {
  const { t } = useTranslation()
  const replies = useResource(() => api.cannedReplies(), api.appId)
  const [shortcut, setShortcut] = useState('')
  const [text, setText] = useState('')
  const { run, view } = useOutcome()

  async function add(event: FormEvent) {
    event.preventDefault()
    const clean = shortcut.trim().replace(/^\//, '')
    if (await run(() => api.createCannedReply(clean, text.trim()), t('console.supportSettings.cannedAdded', { shortcut: clean }))) {
      setShortcut('')
      setText('')
      replies.reload()
    }
  }

  return (
    <div className="card stacked-form">
      <h2>{t('console.support.canned.heading')}</h2>
      <p className="muted small">{t('console.supportSettings.cannedHint')}</p>
      <ResourceState loading={replies.loading} error={replies.error} />
      {replies.data && replies.data.length === 0 && <p className="muted">{t('console.support.canned.none')}</p>}
      <ul className="card-list">
        {replies.data?.map((reply) => (
          <li key={reply.id} className="row canned-row" data-testid={`canned-${reply.shortcut}`}>
            <span>
              <span className="mono">/{reply.shortcut}</span> <span className="muted">{reply.text}</span>
            </span>
            {canManage && (
              <button type="button" className="ghost" onClick={() => void run(() => api.deleteCannedReply(reply.id), '').then((ok) => ok && replies.reload())}>
                {t('console.support.canned.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {canManage && (
        <form className="stacked-form" onSubmit={add}>
          <label>
            {t('console.support.canned.shortcut')}
            <input value={shortcut} onChange={(event) => setShortcut(event.target.value)} required maxLength={33} pattern="/?[\p{L}\p{N}_\-]{1,32}" />
          </label>
          <label>
            {t('console.support.canned.text')}
            <textarea value={text} onChange={(event) => setText(event.target.value)} required rows={3} maxLength={4000} />
          </label>
          <div>
            <button type="submit" className="primary">
              {t('console.support.canned.add')}
            </button>
          </div>
        </form>
      )}
      {view}
    </div>
  )
}

function PhrasesCard({ api, canManage }: { api: SupportApi; canManage: boolean }) {
  const { t } = useTranslation()
  const settings = useResource(() => api.settings(), api.appId)
  const [draft, setDraft] = useState<string | undefined>()
  const { run, view } = useOutcome()
  const current = settings.data?.handoffPhrases.join('\n') ?? ''
  const value = draft ?? current
  return (
    <div className="card stacked-form">
      <h2>{t('console.supportSettings.phrases')}</h2>
      <p className="muted small">{t('console.supportSettings.phrasesHint')}</p>
      <ResourceState loading={settings.loading} error={settings.error} />
      {settings.data && (
        <form
          className="stacked-form"
          onSubmit={(event) => {
            event.preventDefault()
            const handoffPhrases = [...new Set(value.split('\n').map((line) => line.trim()).filter((line) => line !== ''))]
            void run(() => api.updateSettings({ handoffPhrases }), t('console.supportSettings.saved')).then((ok) => {
              if (ok) {
                setDraft(undefined)
                settings.reload()
              }
            })
          }}
        >
          <label>
            <span className="visually-hidden">{t('console.supportSettings.phrases')}</span>
            <textarea value={value} rows={6} readOnly={!canManage} onChange={(event) => setDraft(event.target.value)} />
          </label>
          {canManage && (
            <div>
              <button type="submit" className="primary" disabled={draft === undefined || draft === current}>
                {t('common.save')}
              </button>
            </div>
          )}
        </form>
      )}
      {view}
    </div>
  )
}

/** Customer service settings of the app: agents (capacity, teams), canned replies, hand-off phrases, SLA and business hours. */
export function SupportSettingsScreen({ appId, can }: ScreenProps) {
  const { t } = useTranslation()
  const api = useMemo(() => (appId ? supportApi(appId) : undefined), [appId])
  const canManage = can('apps.manage')
  return (
    <section className="screen">
      <h1>{t('console.supportSettings.heading')}</h1>
      {!api && <p className="muted">{t('console.app.none')}</p>}
      {api && (
        <>
          <AgentsCard api={api} canManage={canManage} />
          <div className="two-columns">
            <CannedCard api={api} canManage={canManage} />
            <PhrasesCard api={api} canManage={canManage} />
          </div>
          <SlaCard api={api} canManage={canManage} />
        </>
      )}
    </section>
  )
}
