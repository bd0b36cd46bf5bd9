import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ResourceState } from '../../status-views.js'
import { useResource } from '../../use-resource.js'
import { errorText } from './human-error.js'
import { badSpan, daysToWeekly, formToSla, parseHolidays, slaToForm, weekdayName, weeklyToDays, type DayForm, type SlaForm } from './sla-form.js'
import type { SupportApi } from './support-api.js'
import { SUPPORT_PRIORITIES } from './support-types.js'
import { useStackedTable } from '../../stacked-table.js'

/** Whether the browser knows an IANA time zone. */
function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

function SlaEditor({ api, canManage, initial }: { api: SupportApi; canManage: boolean; initial: Awaited<ReturnType<SupportApi['settings']>> }) {
  const { t, i18n } = useTranslation()
  const stackedTable = useStackedTable()
  const [sla, setSla] = useState<SlaForm>(() => slaToForm(initial.sla))
  const [days, setDays] = useState<DayForm[]>(() => weeklyToDays(initial.businessHours.weekly))
  const [timeZone, setTimeZone] = useState(initial.businessHours.timeZone)
  const [holidays, setHolidays] = useState(initial.businessHours.holidays.join('\n'))
  const [error, setError] = useState<string | undefined>()
  const [done, setDone] = useState<string | undefined>()
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []

  async function save() {
    setError(undefined)
    setDone(undefined)
    let targets
    try {
      targets = formToSla(sla)
    } catch {
      setError(t('console.supportSettings.invalidMinutes'))
      return
    }
    if (!knownTimeZone(timeZone.trim())) return setError(t('console.supportSettings.badZone', { zone: timeZone }))
    const parsed = parseHolidays(holidays)
    if (parsed.invalid.length > 0) return setError(t('console.supportSettings.invalidHolidays', { list: parsed.invalid.join(', ') }))
    if (days.some(badSpan)) return setError(t('console.supportSettings.badSpan'))
    try {
      await api.updateSettings({ sla: targets, businessHours: { timeZone: timeZone.trim(), weekly: daysToWeekly(days), holidays: parsed.holidays } })
      setDone(t('console.supportSettings.saved'))
    } catch (cause) {
      setError(errorText(cause, t))
    }
  }

  const setDay = (index: number, change: Partial<DayForm>) => setDays((current) => current.map((day, at) => (at === index ? { ...day, ...change } : day)))
  return (
    <form
      className="stacked-form"
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
    >
      <fieldset className="plain-fieldset" disabled={!canManage}>
        <legend>{t('console.supportSettings.sla')}</legend>
        <div className="table-wrap">
          <table className="stacked-table" ref={stackedTable}>
            <thead>
              <tr>
                <th>{t('console.support.priority.label')}</th>
                <th>{t('console.supportSettings.firstResponse')}</th>
                <th>{t('console.supportSettings.resolution')}</th>
              </tr>
            </thead>
            <tbody>
              {SUPPORT_PRIORITIES.map((priority) => (
                <tr key={priority}>
                  <td>{t(`console.support.priority.${priority}`)}</td>
                  {(['firstResponse', 'resolution'] as const).map((target) => (
                    <td key={target}>
                      <input
                        className="narrow-number"
                        inputMode="numeric"
                        value={sla[priority][target]}
                        aria-label={t(`console.supportSettings.${target}Of`, { priority: t(`console.support.priority.${priority}`) })}
                        onChange={(event) => setSla((current) => ({ ...current, [priority]: { ...current[priority], [target]: event.target.value } }))}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>
      <fieldset className="plain-fieldset" disabled={!canManage}>
        <legend>{t('console.supportSettings.hours')}</legend>
        <label>
          {t('console.supportSettings.timeZone')}
          <input value={timeZone} list="support-time-zones" onChange={(event) => setTimeZone(event.target.value)} />
          <datalist id="support-time-zones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </label>
        <ul className="week-hours">
          {days.map((day, index) => {
            const name = weekdayName(day.day, i18n.language)
            return (
              <li key={day.day}>
                <label className="check">
                  <input type="checkbox" checked={day.open} onChange={(event) => setDay(index, { open: event.target.checked })} />
                  {name}
                </label>
                {day.open ? (
                  <>
                    <input type="time" value={day.start} aria-label={t('console.supportSettings.opensAt', { day: name })} onChange={(event) => setDay(index, { start: event.target.value })} />
                    <span aria-hidden="true">–</span>
                    <input type="time" value={day.end} aria-label={t('console.supportSettings.closesAt', { day: name })} onChange={(event) => setDay(index, { end: event.target.value })} />
                    {day.more.length > 0 && <span className="muted small">{t('console.supportSettings.moreSpans', { spans: day.more.map((span) => `${span.start}–${span.end}`).join(', ') })}</span>}
                  </>
                ) : (
                  <span className="muted small">{t('console.supportSettings.closed')}</span>
                )}
              </li>
            )
          })}
        </ul>
        <label>
          {t('console.supportSettings.holidays')}
          <textarea value={holidays} rows={3} onChange={(event) => setHolidays(event.target.value)} />
        </label>
      </fieldset>
      {canManage && (
        <div>
          <button type="submit" className="primary">
            {t('common.save')}
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="inbox-done small" role="status">
        {done}
      </p>
    </form>
  )
}

/** SLA targets per priority and the business hours they are counted in. */
export function SlaCard({ api, canManage }: { api: SupportApi; canManage: boolean }) {
  const { t } = useTranslation()
  const settings = useResource(() => api.settings(), `${api.appId}:sla`)
  return (
    <div className="card stacked-form" data-testid="sla-card">
      <h2>{t('console.supportSettings.slaHeading')}</h2>
      <p className="muted small">{t('console.supportSettings.slaHint')}</p>
      <ResourceState loading={settings.loading} error={settings.error} />
      {settings.data && <SlaEditor api={api} canManage={canManage} initial={settings.data} />}
    </div>
  )
}
