import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { snippetOf } from './widget-form.js'

/** The exact tag to paste into the site, with a copy button; the signed-in form when identity is required. */
export function SnippetCard({ appId, requireIdentity }: { appId: string; requireIdentity: boolean }) {
  const { t } = useTranslation()
  const [copied, setCopied] = useState<'anonymous' | 'identified' | undefined>()
  const variants = requireIdentity ? (['identified'] as const) : (['anonymous', 'identified'] as const)
  return (
    <div className="card stacked-form">
      <h2>{t('console.widget.snippet.heading')}</h2>
      <p className="muted small">{t('console.widget.snippet.explain')}</p>
      {variants.map((variant) => {
        const snippet = snippetOf(location.origin, appId, variant === 'identified')
        return (
          <div key={variant} className="widget-snippet">
            <p className="small">{t(`console.widget.snippet.${variant}`)}</p>
            <pre className="mono" data-testid={`widget-snippet-${variant}`}>
              <code>{snippet}</code>
            </pre>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                void navigator.clipboard?.writeText(snippet).then(() => setCopied(variant))
              }}
            >
              {copied === variant ? t('common.copied') : t('console.widget.snippet.copy')}
            </button>
          </div>
        )
      })}
      <p className="muted small">{t('console.widget.snippet.docs')}</p>
    </div>
  )
}
