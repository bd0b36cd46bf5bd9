import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { alertsEnabled, notificationsAllowed, setAlerts } from './assignment-alert.js'
import type { Agent } from './support-types.js'

/** Who the console account works as, their availability and load, and the opt-in alerts. */
export function AgentBar({
  agents,
  me,
  nameOf,
  onPick,
  onAvailability,
  canAct,
}: {
  agents: Agent[] | undefined
  me: string | undefined
  nameOf: (userId: string) => string
  onPick: (userId: string | undefined) => void
  onAvailability: (availability: Agent['availability']) => void
  canAct: boolean
}) {
  const { t } = useTranslation()
  const [alerts, setAlertsState] = useState(alertsEnabled)
  const agent = agents?.find((entry) => entry.userId === me)
  if (agents && agents.length === 0) return <p className="notice-box">{t('console.support.noAgents')}</p>
  return (
    <div className="agent-bar" data-testid="agent-bar">
      <label>
        {t('console.support.workingAs')}
        <select value={me ?? ''} onChange={(event) => onPick(event.target.value || undefined)} data-testid="working-as">
          <option value="">{t('console.support.pickAgent')}</option>
          {agents?.map((entry) => (
            <option key={entry.userId} value={entry.userId}>
              {nameOf(entry.userId)}
              {entry.userId !== nameOf(entry.userId) ? ` (${entry.userId})` : ''}
            </option>
          ))}
        </select>
      </label>
      {agent && (
        <>
          <label>
            {t('console.support.availability.label')}
            <select
              value={agent.availability}
              disabled={!canAct}
              className={`availability availability-${agent.availability}`}
              data-testid="availability"
              onChange={(event) => onAvailability(event.target.value as Agent['availability'])}
            >
              {(['online', 'busy', 'offline'] as const).map((value) => (
                <option key={value} value={value}>
                  {t(`console.support.availability.${value}`)}
                </option>
              ))}
            </select>
          </label>
          <span className="muted small" data-testid="agent-load">
            {t('console.support.load', { open: agent.openCount, capacity: agent.capacity })}
            {agent.online ? ` · ${t('console.support.connected')}` : ''}
          </span>
        </>
      )}
      <label className="check" title={t('console.support.alertsHint')}>
        <input
          type="checkbox"
          checked={alerts}
          onChange={(event) => {
            void setAlerts(event.target.checked).then(setAlertsState)
          }}
        />
        {t('console.support.alerts')}
      </label>
      {agent && agent.availability === 'online' && !agent.online && (
        <p className="muted small agent-bar-note" role="note">
          {t('console.support.notConnected')}
        </p>
      )}
      {alerts && !notificationsAllowed() && (
        <p className="muted small agent-bar-note" role="note">
          {t('console.support.alertsBlocked')}
        </p>
      )}
    </div>
  )
}
