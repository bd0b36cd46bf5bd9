import type { WarblerClient } from '@warbler/sdk'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { browserPushIsOn, browserPushSupported, turnOffBrowserPush, turnOnBrowserPush, type PushOptIn } from './browser-push.js'

/**
 * The explicit opt-in to browser notifications: nothing is asked until the user presses it. Shows
 * why it did not work (blocked, unsupported) in words, and turns off as easily.
 */
export function PushToggle({ client }: { client: WarblerClient }) {
  const { t } = useTranslation()
  const [on, setOn] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<Exclude<PushOptIn, 'on'> | undefined>()

  useEffect(() => {
    void browserPushIsOn().then(setOn)
  }, [])

  if (!browserPushSupported()) return null
  const toggle = async () => {
    setBusy(true)
    setProblem(undefined)
    try {
      if (on) {
        await turnOffBrowserPush(client)
        setOn(false)
      } else {
        const result = await turnOnBrowserPush(client)
        if (result === 'on') setOn(true)
        else setProblem(result)
      }
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="push-toggle">
      <button type="button" className="ghost" aria-pressed={on} disabled={busy} title={t('chat.push.explain')} onClick={() => void toggle()}>
        {on ? t('chat.push.turnOff') : t('chat.push.turnOn')}
      </button>
      {problem && (
        <p role="alert" className="small muted">
          {t(`chat.push.${problem}`)}
        </p>
      )}
    </div>
  )
}
