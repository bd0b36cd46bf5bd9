/** The languages the widget speaks. */
export type WidgetLocale = 'en' | 'zh-CN'

/** `data-locale` first, then the page's `<html lang>`, then the browser: any `zh*` is Chinese, the rest English. */
export function pickLocale(...candidates: (string | null | undefined)[]): WidgetLocale {
  const first = candidates.find((value) => value && value.trim() !== '')
  return first && /^zh\b/i.test(first.trim()) ? 'zh-CN' : 'en'
}
