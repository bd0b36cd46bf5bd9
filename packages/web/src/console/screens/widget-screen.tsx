import type { AppSettings, WidgetSettings } from '@warbler/protocol'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { appApi } from '../console-api.js'
import type { ScreenProps } from '../screen-props.js'
import { ResourceState } from '../status-views.js'
import { useResource } from '../use-resource.js'
import { IdentitySecretCard } from './widget/identity-secret-card.js'
import { SnippetCard } from './widget/snippet-card.js'
import { draftOf } from './widget/widget-form.js'
import { WidgetSettingsForm, type BotChoice } from './widget/widget-settings-form.js'
import './widget/widget.css'

/**
 * The website widget of the app: its settings (bot, allowed sites, look, pre-chat form, identity),
 * a preview, the tag to paste, and the identity secret. Everyone reads; changes need `apps.manage`.
 */
export function WidgetScreen({ appId, can }: ScreenProps) {
  const { t } = useTranslation()
  const settings = useResource(() => (appId ? appApi<AppSettings>(appId, 'GET', 'settings') : Promise.resolve(undefined)), `${appId}`)
  const bots = useResource(
    () => (appId ? appApi<{ bots: BotChoice[] }>(appId, 'GET', 'bots').catch(() => ({ bots: [] as BotChoice[] })) : Promise.resolve({ bots: [] as BotChoice[] })),
    `${appId}`,
  )
  const [requireIdentity, setRequireIdentity] = useState<boolean | undefined>()
  const canManage = can('apps.manage')

  if (!appId) return <p className="muted">{t('console.app.none')}</p>

  async function save(widget: WidgetSettings) {
    if (!appId) return
    const answer = await appApi<AppSettings>(appId, 'PATCH', 'settings', { widget })
    setRequireIdentity(answer.widget?.requireIdentity ?? false)
  }

  const saved = settings.data?.widget
  return (
    <section className="screen widget-screen">
      <h1>{t('console.widget.heading')}</h1>
      <p className="muted small">{t('console.widget.explain')}</p>
      <ResourceState loading={settings.loading || bots.loading} error={settings.error} />
      {settings.data && bots.data && (
        <>
          <WidgetSettingsForm saved={saved} bots={bots.data.bots} canManage={canManage} onSave={save} />
          <SnippetCard appId={appId} requireIdentity={requireIdentity ?? draftOf(saved).requireIdentity} />
          <IdentitySecretCard appId={appId} canManage={canManage} />
        </>
      )}
    </section>
  )
}
