import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isHexColor, type WidgetDraft } from './widget-form.js'

/**
 * How the widget will look on a page with the current (unsaved) draft: the panel with the greeting
 * and a visitor message on the chosen colour, and the launcher in the chosen corner. A drawing made
 * here, not the widget itself (the console's own address is usually not an allowed origin).
 */
export function WidgetPreview({ draft }: { draft: WidgetDraft }) {
  const { t, i18n } = useTranslation()
  const [locale, setLocale] = useState<'en' | 'zh-CN'>(i18n.language.startsWith('zh') ? 'zh-CN' : 'en')
  const color = isHexColor(draft.color) ? draft.color : '#2563eb'
  const greeting = (locale === 'zh-CN' ? draft.greetingZh || draft.greetingEn : draft.greetingEn || draft.greetingZh).trim()
  const say = (key: string) => t(`console.widget.preview.${key}`, { lng: locale })
  return (
    <div className="card widget-preview-card">
      <div className="row">
        <h2>{t('console.widget.preview.heading')}</h2>
        <label className="inline-select">
          {t('console.widget.preview.language')}
          <select value={locale} onChange={(event) => setLocale(event.target.value as 'en' | 'zh-CN')}>
            <option value="en">English</option>
            <option value="zh-CN">中文</option>
          </select>
        </label>
      </div>
      <p className="muted small">{t('console.widget.preview.explain')}</p>
      <div className={`widget-preview widget-preview-${draft.position}`} data-testid="widget-preview" lang={locale} aria-label={t('console.widget.preview.heading')} role="img">
        <div className="widget-preview-panel">
          <div className="widget-preview-header" style={{ background: color }}>
            {say('title')}
          </div>
          <div className="widget-preview-body">
            {greeting && <p className="widget-preview-greeting">{greeting}</p>}
            <p className="widget-preview-bubble widget-preview-bot">{say('botLine')}</p>
            <p className="widget-preview-bubble widget-preview-visitor" style={{ background: color }}>
              {say('visitorLine')}
            </p>
          </div>
        </div>
        <span className="widget-preview-launcher" style={{ background: color }} aria-hidden="true">
          <svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
            <path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z" />
          </svg>
        </span>
      </div>
    </div>
  )
}
