import { useTranslation } from 'react-i18next'
import { INBOX_SHORTCUTS } from './inbox-keys.js'

/** The list of the inbox's keyboard shortcuts (toggled with `?`). */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation()
  return (
    <div className="card shortcut-help" role="dialog" aria-labelledby="shortcut-help-title" data-testid="shortcut-help">
      <div className="row">
        <h2 id="shortcut-help-title">{t('console.support.shortcuts.heading')}</h2>
        <button type="button" className="ghost" onClick={onClose} autoFocus>
          {t('common.close')}
        </button>
      </div>
      <dl className="shortcut-list">
        {INBOX_SHORTCUTS.map((shortcut) => (
          <div key={shortcut.key}>
            <dt>
              <kbd>{shortcut.key}</kbd>
            </dt>
            <dd>{t(`console.support.shortcuts.${shortcut.command}`)}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}
