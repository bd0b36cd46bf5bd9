import i18next from 'i18next'

/** A screen's texts: the same keys in English and 中文 (the compiler checks the shape). */
export interface ScreenTexts<T extends object> {
  en: T
  zhCN: T
}

/**
 * Merges a screen's texts into the app's translations (deep, never overwriting a key the shared
 * locale files already have), now or once i18next is up: screens keep their own strings beside
 * their code instead of growing the shared locale files.
 */
export function registerTexts<T extends object>(texts: ScreenTexts<T>): void {
  const add = () => {
    i18next.addResourceBundle('en', 'translation', texts.en, true, false)
    i18next.addResourceBundle('zh-CN', 'translation', texts.zhCN, true, false)
  }
  if (i18next.isInitialized) add()
  else i18next.on('initialized', add)
}
