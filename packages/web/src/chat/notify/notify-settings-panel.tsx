import type { WarblerClient } from '@warbler/sdk'
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PushToggle } from '../push-toggle.js'
import type { NotifySettings } from './notify-settings.js'

/**
 * The "Notifications" button and its panel: desktop notifications while the tab is open (the
 * browser asks for permission only when this box is ticked), a chime, the unread count in the tab
 * title, and pushes with the tab closed. Escape or a click elsewhere closes it.
 */
export function NotifySettingsPanel({ client, settings, onChange }: { client: WarblerClient; settings: NotifySettings; onChange: (next: NotifySettings) => void }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [problem, setProblem] = useState<'denied' | 'unsupported' | undefined>()
  const panelId = useId()
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (!open) return
    const away = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', away)
    return () => document.removeEventListener('pointerdown', away)
  }, [open])

  async function setDesktop(on: boolean) {
    setProblem(undefined)
    if (!on) return onChange({ ...settings, desktop: false })
    if (typeof Notification === 'undefined') return setProblem('unsupported')
    const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission
    if (permission !== 'granted') return setProblem('denied')
    onChange({ ...settings, desktop: true })
  }

  return (
    <div
      className="notify-settings"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          setOpen(false)
          button.current?.focus()
        }
      }}
    >
      <button ref={button} type="button" className="ghost" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        {t('chat.notify.open')}
      </button>
      <div id={panelId} className="notify-panel" role="group" aria-label={t('chat.notify.title')} hidden={!open}>
        <label>
          <input type="checkbox" checked={settings.desktop} onChange={(event) => void setDesktop(event.target.checked)} />
          {t('chat.notify.desktop')}
        </label>
        <label>
          <input type="checkbox" checked={settings.sound} onChange={(event) => onChange({ ...settings, sound: event.target.checked })} />
          {t('chat.notify.sound')}
        </label>
        <label>
          <input type="checkbox" checked={settings.titleCount} onChange={(event) => onChange({ ...settings, titleCount: event.target.checked })} />
          {t('chat.notify.titleCount')}
        </label>
        {problem && (
          <p role="alert" className="small error">
            {t(`chat.notify.${problem}`)}
          </p>
        )}
        <PushToggle client={client} />
      </div>
    </div>
  )
}
