import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './locales/en.js'
import { zhCN } from './locales/zh-cn.js'

/** The languages of the web app. */
export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '中文' },
] as const

const STORAGE_KEY = 'warbler.language'

/** The language to start in: the saved choice, else the browser's (Chinese or English). */
export function initialLanguage(): string {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
  if (saved && LANGUAGES.some((language) => language.code === saved)) return saved
  const preferred = globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? 'en']
  return preferred.some((code) => code.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en'
}

/** Switches the language, remembers it, and sets `<html lang>`. */
export function setLanguage(code: string): void {
  void i18next.changeLanguage(code)
  globalThis.localStorage?.setItem(STORAGE_KEY, code)
}

/** Starts i18next with both languages. Call once before rendering. */
export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: initialLanguage(),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  })
  document.documentElement.lang = i18next.language
  i18next.on('languageChanged', (code) => {
    document.documentElement.lang = code
  })
  return i18next
}
