import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ScreenProps } from '../../screen-props.js'
import { GapsTab } from './gaps-tab.js'
import './quality-texts.js'
import { RunsTab } from './runs-tab.js'
import { SetsTab } from './sets-tab.js'
import { VariantsTab } from './variants-tab.js'

type Tab = 'runs' | 'sets' | 'gaps' | 'variants'

/** Quality: eval runs side by side, eval sets, knowledge gaps, A/B variants' outcomes (docs/evaluation.md). */
export function QualityScreen({ appId, can }: ScreenProps) {
  const { t } = useTranslation()
  const [tab, setTab] = useState<Tab>('runs')
  const [openRun, setOpenRun] = useState<string | undefined>()
  const canManage = can('apps.manage')
  return (
    <section className="screen">
      <h1>{t('console.quality.heading')}</h1>
      <p className="muted small">{t('console.quality.intro')}</p>
      <div className="tabs" role="tablist">
        {(['runs', 'sets', 'gaps', 'variants'] as const).map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} className={`tab${tab === name ? ' primary' : ''}`} onClick={() => setTab(name)}>
            {t(`console.quality.tabs.${name}`)}
          </button>
        ))}
      </div>
      {!appId ? null : tab === 'runs' ? (
        <RunsTab appId={appId} canManage={canManage} openRunId={openRun} />
      ) : tab === 'sets' ? (
        <SetsTab appId={appId} canManage={canManage} onRunStarted={(runId) => { setOpenRun(runId); setTab('runs') }} />
      ) : tab === 'gaps' ? (
        <GapsTab appId={appId} canManage={canManage} />
      ) : (
        <VariantsTab appId={appId} />
      )}
    </section>
  )
}
