import { useState } from 'react'
import { useTranslation } from 'react-i18next'

/** A secret shown once, with a copy button. */
export function SecretOnce({ label, secret, onClose }: { label: string; secret: string; onClose: () => void }) {
  const { t } = useTranslation()
  const [copied, setCopied] = useState(false)
  return (
    <div className="secret-once card" role="status" data-testid="secret-once">
      <p>{label}</p>
      <code className="secret">{secret}</code>
      <div className="row">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(() => setCopied(true))
          }}
        >
          {copied ? t('common.copied') : t('common.copy')}
        </button>
        <button type="button" className="ghost" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </div>
  )
}
