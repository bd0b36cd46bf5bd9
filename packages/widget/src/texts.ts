import type { WidgetLocale } from './locale.js'

const EN = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  unread: (count: number) => `${count} unread`,
  message: 'Message',
  placeholder: 'Type a message…',
  send: 'Send',
  attach: 'Attach a file',
  chatWith: (name: string) => `Chat with ${name}`,
  you: 'You',
  agent: 'Agent',
  thinking: 'Writing…',
  typing: (name: string) => `${name} is typing…`,
  sources: 'Sources',
  connecting: 'Connecting…',
  offline: 'Offline — we will send your messages when the connection is back.',
  failed: 'Not sent. Click to try again.',
  uploading: (name: string) => `Uploading ${name}…`,
  uploadFailed: 'The file could not be uploaded.',
  refused: 'The chat is not available on this page.',
  unavailable: 'The chat is not available right now. Please try again later.',
  tooMany: 'Too many chats from your network. Please wait a few minutes.',
  identityRefused: 'We could not confirm who you are. Please sign in again.',
  preChatTitle: 'Before we start',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  consent: 'I agree',
  start: 'Start chat',
  csatQuestion: 'How did we do?',
  csatStar: (n: number) => `${n} of 5`,
  csatComment: 'Anything to add? (optional)',
  csatSend: 'Send rating',
  csatThanks: 'Thank you for your feedback!',
  read: 'Read',
  newMessages: 'New messages',
  awayClosed: (when: string) => `We are away right now and back ${when}.`,
  awayBusy: 'No one is available right now.',
  awayEmail: 'Leave your email and we will answer there.',
  awaySend: 'Send',
  awayThanks: (email: string) => `Thanks — we will write to ${email}.`,
  toolTitle: 'Confirm this action',
  toolWants: (bot: string, action: string) => `${bot} wants to: ${action}`,
  toolExpiresAt: (time: string) => `Answer before ${time}.`,
  toolApprove: 'Approve',
  toolDecline: 'Decline',
  toolApproved: 'Approved. The bot will tell you how it went.',
  toolDeclined: 'Declined. Nothing was done.',
  toolExpired: 'This request has expired. Ask the bot again if you still want it.',
  toolAnswered: 'This request was answered already.',
  toolNotYours: 'Only the person who was asked can answer this.',
  toolFailed: 'Your answer could not be sent. Try again.',
  toolYes: 'yes',
  toolNo: 'no',
  notifyOn: 'Notify me of replies',
  notifyOff: 'Stop notifications',
  notifyExplain: 'Get a notification when we answer, even after you leave this page.',
  notifyIsOn: 'We will notify you of replies.',
  notifyDenied: 'Notifications are blocked for this site. Allow them in the browser’s site settings, then try again.',
  notifyFailed: 'Notifications could not be turned on. Please try again.',
}

/** Everything the widget says, per locale, in one place. */
export type WidgetTexts = typeof EN

const ZH: WidgetTexts = {
  openChat: '打开聊天',
  closeChat: '关闭聊天',
  unread: (count) => `${count} 条未读`,
  message: '消息',
  placeholder: '输入消息…',
  send: '发送',
  attach: '添加附件',
  chatWith: (name) => `与 ${name} 聊天`,
  you: '我',
  agent: '客服',
  thinking: '正在输入…',
  typing: (name) => `${name} 正在输入…`,
  sources: '来源',
  connecting: '正在连接…',
  offline: '网络已断开，恢复后会自动发送您的消息。',
  failed: '未发送，点击重试。',
  uploading: (name) => `正在上传 ${name}…`,
  uploadFailed: '文件上传失败。',
  refused: '此页面无法使用聊天。',
  unavailable: '聊天暂时不可用，请稍后再试。',
  tooMany: '您的网络发起的会话过多，请稍等几分钟。',
  identityRefused: '无法确认您的身份，请重新登录。',
  preChatTitle: '开始之前',
  name: '姓名',
  email: '邮箱',
  phone: '电话',
  consent: '我同意',
  start: '开始聊天',
  csatQuestion: '您对本次服务满意吗？',
  csatStar: (n) => `${n} 星（满分 5 星）`,
  csatComment: '还有什么想说的？（选填）',
  csatSend: '提交评价',
  csatThanks: '感谢您的反馈！',
  read: '已读',
  newMessages: '新消息',
  awayClosed: (when) => `我们现在不在线，将于 ${when} 回来。`,
  awayBusy: '暂时没有客服在线。',
  awayEmail: '留下邮箱，我们会通过邮件回复您。',
  awaySend: '提交',
  awayThanks: (email) => `谢谢，我们会发邮件到 ${email}。`,
  toolTitle: '请确认此操作',
  toolWants: (bot, action) => `${bot} 想要：${action}`,
  toolExpiresAt: (time) => `请在 ${time} 前回复。`,
  toolApprove: '同意',
  toolDecline: '拒绝',
  toolApproved: '已同意，机器人会告诉你结果。',
  toolDeclined: '已拒绝，没有执行任何操作。',
  toolExpired: '此请求已过期。如仍需要，请再问一次机器人。',
  toolAnswered: '此请求已经回复过了。',
  toolNotYours: '只有被询问的人才能回复。',
  toolFailed: '回复没有发送成功，请重试。',
  toolYes: '是',
  toolNo: '否',
  notifyOn: '有回复时通知我',
  notifyOff: '关闭通知',
  notifyExplain: '离开此页面后，有回复时也会通知您。',
  notifyIsOn: '有回复时我们会通知您。',
  notifyDenied: '此网站的通知已被浏览器阻止。请在浏览器的网站设置中允许通知，然后重试。',
  notifyFailed: '无法开启通知，请重试。',
}

/** The texts of a locale. */
export function textsFor(locale: WidgetLocale): WidgetTexts {
  return locale === 'zh-CN' ? ZH : EN
}

/** A human sentence for an error code the widget may meet (never the raw code). */
export function errorText(texts: WidgetTexts, code: string | undefined): string {
  switch (code) {
    case 'forbidden':
      return texts.refused
    case 'rate_limited':
      return texts.tooMany
    case 'invalid_credentials':
    case 'unauthenticated':
      return texts.identityRefused
    default:
      return texts.unavailable
  }
}
