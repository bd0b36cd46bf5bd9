import i18next from 'i18next'

/** The texts of browser notifications, merged into the app's `chat.push` keys. */
const TEXTS = {
  en: {
    turnOn: 'Turn on notifications',
    turnOff: 'Turn off notifications',
    on: 'Notifications on',
    explain: 'Get a notification for new messages while this tab is closed.',
    denied: 'Notifications are blocked for this site. Allow them in the browser’s site settings, then try again.',
    unsupported: 'This browser cannot show notifications from a closed tab.',
    failed: 'Notifications could not be turned on. Please try again.',
  },
  'zh-CN': {
    turnOn: '开启通知',
    turnOff: '关闭通知',
    on: '通知已开启',
    explain: '关闭此页面后，有新消息时仍会收到通知。',
    denied: '此网站的通知已被浏览器阻止。请在浏览器的网站设置中允许通知，然后重试。',
    unsupported: '此浏览器无法在页面关闭后显示通知。',
    failed: '无法开启通知，请重试。',
  },
} as const

/** Adds the texts to i18next (safe to call more than once). */
export function registerPushTexts(): void {
  for (const [language, texts] of Object.entries(TEXTS)) i18next.addResourceBundle(language, 'translation', { chat: { push: texts } }, true, false)
}
