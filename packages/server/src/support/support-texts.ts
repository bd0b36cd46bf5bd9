/** A language the customer-facing notices are written in. */
export type NoticeLanguage = 'en' | 'zh'

/** What the customer sees during a hand-off, per language (customer-facing strings in one place). */
export const SUPPORT_TEXTS = {
  en: {
    handoff: 'Connecting you to a person…',
    queued: (position: number) => `All our agents are busy; you are number ${position} in line. We will be with you shortly.`,
    joined: (name: string) => `${name} (agent) joined`,
    resolved: 'This conversation was marked as resolved. Write again any time — the assistant will answer.',
  },
  zh: {
    handoff: '正在为您转接人工客服…',
    queued: (position: number) => `客服都在忙，您排在第 ${position} 位，请稍候。`,
    joined: (name: string) => `客服 ${name} 已加入`,
    resolved: '本次会话已解决。如有其他问题，随时留言，助手会继续为您解答。',
  },
} as const

const HAN = /\p{Script=Han}/u

/**
 * The customer's language: their profile's `ext.locale` (or `ext.language`) when it names one, else
 * Chinese when their last words contain Chinese characters, else English.
 */
export function noticeLanguage(ext: Record<string, unknown> | undefined, lastText: string | undefined): NoticeLanguage {
  const declared = ext?.locale ?? ext?.language
  if (typeof declared === 'string' && declared.trim() !== '') return declared.toLowerCase().startsWith('zh') ? 'zh' : 'en'
  return lastText !== undefined && HAN.test(lastText) ? 'zh' : 'en'
}
