import { useTranslation } from 'react-i18next'
import { LANGUAGES, setLanguage } from './i18n.js'

/** A small select that switches between English and 中文. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation()
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('common.language')}</span>
      <select value={i18n.language} onChange={(event) => setLanguage(event.target.value)} data-testid="language-switch">
        {LANGUAGES.map((language) => (
          <option key={language.code} value={language.code}>
            {language.label}
          </option>
        ))}
      </select>
    </label>
  )
}
