import type { Message } from '@warbler/sdk'
import type { WidgetTexts } from '../texts.js'

/** What rendering a message needs besides the message. */
export interface MessageViewContext {
  texts: WidgetTexts
  selfId: string
  botId: string
  botName: string
  /** Agent names learned from hand-off notices. */
  agentName(userId: string): string | undefined
  /** A signed download URL for an uploaded file (absolute). */
  fileUrl(fileId: string): Promise<string>
  /** Absolute URL for a body URL (own `/files/…` URLs are relative to the server). */
  absolute(url: string): string
  /** The 👍/👎 control under a bot answer, if this message is one. */
  feedbackFor?(message: Message): HTMLElement | undefined
}

interface Citation {
  index: number
  title: string
  url?: string
}

function citationsOf(message: Message): Citation[] {
  const value = (message.ext as { citations?: unknown } | undefined)?.citations
  if (!Array.isArray(value)) return []
  return value.filter((item): item is Citation => typeof item === 'object' && item !== null && typeof (item as Citation).title === 'string' && typeof (item as Citation).index === 'number')
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

/** The text a member or system notice shows (hand-off notices carry `{ text }` or a text body). */
export function noticeText(message: Message): string | undefined {
  if (message.body?.type === 'text') return message.body.text
  const data = message.data as { text?: unknown } | undefined
  return typeof data?.text === 'string' ? data.text : undefined
}

/** Who sent a message, as the visitor should read it. */
export function senderLabel(message: Message, context: MessageViewContext): string {
  if (message.senderId === context.selfId) return context.texts.you
  if (message.senderId === context.botId) return context.botName
  return context.agentName(message.senderId) ?? context.texts.agent
}

/** Renders one message (or notice) as a DOM element; call again to replace it when it changes. */
export function renderMessage(message: Message, context: MessageViewContext): HTMLElement {
  if (message.kind !== 'message') {
    const node = element('div', 'notice', noticeText(message) ?? '')
    node.dataset.seq = String(message.seq)
    return node
  }
  const mine = message.senderId === context.selfId
  const node = element('div', `msg${mine ? ' me' : ''}`)
  node.dataset.seq = String(message.seq)
  node.appendChild(element('span', 'who', senderLabel(message, context)))
  const bubble = element('div', 'bubble')
  node.appendChild(bubble)
  const body = message.body
  if (message.recalledAt || !body) {
    bubble.textContent = '—'
  } else if (body.type === 'text') {
    bubble.textContent = body.text
    if (message.status === 'streaming' && body.text === '') bubble.textContent = context.texts.thinking
  } else if (body.type === 'image') {
    const image = element('img')
    image.alt = body.name ?? ''
    if (body.url) image.src = context.absolute(body.url)
    else if (body.fileId) void context.fileUrl(body.fileId).then((url) => (image.src = url)).catch(() => (bubble.textContent = body.name ?? ''))
    bubble.appendChild(image)
  } else if (body.type === 'file' || body.type === 'audio' || body.type === 'video') {
    const link = element('a', undefined, 'name' in body && body.name ? body.name : body.type)
    link.target = '_blank'
    link.rel = 'noopener noreferrer'
    if (body.url) link.href = context.absolute(body.url)
    else if (body.fileId) void context.fileUrl(body.fileId).then((url) => (link.href = url)).catch(() => undefined)
    bubble.appendChild(link)
  } else {
    bubble.textContent = body.type === 'location' ? `📍 ${'name' in body && body.name ? body.name : ''}` : ''
  }
  const citations = citationsOf(message)
  if (citations.length > 0 && message.status !== 'streaming') {
    const list = element('ol', 'sources')
    list.setAttribute('aria-label', context.texts.sources)
    for (const citation of citations) {
      const item = element('li')
      item.value = citation.index
      if (citation.url) {
        const link = element('a', undefined, citation.title)
        link.href = context.absolute(citation.url)
        link.target = '_blank'
        link.rel = 'noopener noreferrer'
        item.appendChild(link)
      } else {
        item.textContent = citation.title
      }
      list.appendChild(item)
    }
    node.appendChild(list)
  }
  const feedback = context.feedbackFor?.(message)
  if (feedback) node.appendChild(feedback)
  return node
}
