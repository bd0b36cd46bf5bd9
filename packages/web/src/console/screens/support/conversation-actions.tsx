import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { snoozeChoices } from './body-text.js'
import { SUPPORT_PRIORITIES, type Agent, type SupportChange, type SupportPriority, type SupportState } from './support-types.js'

/** Take, assign or transfer, snooze, resolve, reopen, hand back to the bot, priority. */
export function ConversationActions({
  state,
  me,
  agents,
  nameOf,
  onAct,
}: {
  state: SupportState
  me: string | undefined
  agents: Agent[]
  nameOf: (userId: string) => string
  onAct: (patch: SupportChange) => Promise<boolean>
}) {
  const { t } = useTranslation()
  const [target, setTarget] = useState('')
  const [busy, setBusy] = useState(false)
  const open = state.status === 'queued' || state.status === 'assigned' || state.status === 'snoozed'
  const mine = state.status === 'assigned' && state.assigneeId === me
  const teams = [...new Set(agents.flatMap((agent) => agent.teams))].sort()

  async function act(patch: SupportChange) {
    setBusy(true)
    try {
      return await onAct(patch)
    } finally {
      setBusy(false)
    }
  }

  function transfer() {
    if (target === 'queue') return act({ assigneeId: null })
    if (target.startsWith('team:')) return act({ team: target.slice(5) })
    if (target.startsWith('agent:')) return act({ assigneeId: target.slice(6) })
  }

  return (
    <div className="conversation-actions" role="group" aria-label={t('console.support.actions')}>
      {!mine && state.status !== 'resolved' && (
        <button type="button" className="primary" disabled={busy || me === undefined} onClick={() => void act({ assigneeId: me! })} data-testid="support-take">
          {t('console.support.take')} <kbd aria-hidden="true">t</kbd>
        </button>
      )}
      {open && (
        <button type="button" className="secondary" disabled={busy} onClick={() => void act({ status: 'resolved' })} data-testid="support-resolve">
          {t('console.support.resolve')} <kbd aria-hidden="true">e</kbd>
        </button>
      )}
      {(state.status === 'resolved' || state.status === 'bot' || state.status === 'snoozed') && (
        <button type="button" className="secondary" disabled={busy} onClick={() => void act({ status: 'queued' })} data-testid="support-reopen">
          {t('console.support.reopen')}
        </button>
      )}
      {(state.status === 'queued' || state.status === 'assigned') && (
        <label className="inline-select">
          <span className="visually-hidden">{t('console.support.snooze')}</span>
          <select
            value=""
            disabled={busy}
            data-testid="support-snooze"
            onChange={(event) => {
              const choice = snoozeChoices(Date.now()).find((entry) => entry.key === event.target.value)
              if (choice) void act({ status: 'snoozed', snoozedUntil: choice.until })
            }}
          >
            <option value="">{t('console.support.snooze')}…</option>
            {snoozeChoices(Date.now()).map((choice) => (
              <option key={choice.key} value={choice.key}>
                {t(`console.support.snoozeFor.${choice.key}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {state.status !== 'resolved' && (
        <form
          className="inline-select"
          onSubmit={(event) => {
            event.preventDefault()
            void transfer()?.then((done) => done && setTarget(''))
          }}
        >
          <label>
            <span className="visually-hidden">{t('console.support.assign')}</span>
            <select value={target} onChange={(event) => setTarget(event.target.value)} data-testid="support-assign">
              <option value="">{t('console.support.assign')}…</option>
              {agents
                .filter((agent) => agent.userId !== state.assigneeId)
                .map((agent) => (
                  <option key={agent.userId} value={`agent:${agent.userId}`}>
                    {t('console.support.assignTo', { name: nameOf(agent.userId) })} ({t(`console.support.availability.${agent.availability}`)}, {agent.openCount}/{agent.capacity})
                  </option>
                ))}
              {teams.map((team) => (
                <option key={team} value={`team:${team}`}>
                  {t('console.support.transferTeam', { team })}
                </option>
              ))}
              {state.status === 'assigned' && <option value="queue">{t('console.support.backToQueue')}</option>}
            </select>
          </label>
          <button type="submit" className="ghost" disabled={busy || target === ''}>
            {t('console.support.apply')}
          </button>
        </form>
      )}
      <label className="inline-select">
        {t('console.support.priority.label')}
        <select value={state.priority} disabled={busy} onChange={(event) => void act({ priority: event.target.value as SupportPriority })} data-testid="support-priority">
          {SUPPORT_PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {t(`console.support.priority.${priority}`)}
            </option>
          ))}
        </select>
      </label>
      {open && (
        <button type="button" className="ghost" disabled={busy} onClick={() => void act({ status: 'bot' })}>
          {t('console.support.handBack')}
        </button>
      )}
    </div>
  )
}
