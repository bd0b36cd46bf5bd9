import type { Message } from '@warbler/sdk'
import { useEffect, useRef, useState } from 'react'
import { previewOfMessage } from './message-preview.js'
import { stripMarkdown } from './strip-markdown.js'

type T = (key: string, options?: Record<string, unknown>) => string

/** The longest announcement (characters): a screen reader reads a long answer from the list itself. */
const MAX_ANNOUNCEMENT = 300

/**
 * What the message list's live region says: "<name>: <text>" for the newest message from someone
 * else, once per message and only when it is complete — a streaming bot answer is announced when
 * its last delta has landed (status `final`), not on each delta. Messages there when the history
 * first loaded (`loaded`) are not announced.
 */
export function useLiveAnnouncement(messages: readonly Message[], loaded: boolean, me: string | undefined, nameOf: (id: string) => string, t: T): string {
  const [text, setText] = useState('')
  const announced = useRef<Set<number> | undefined>(undefined)

  useEffect(() => {
    if (!loaded) return
    if (announced.current === undefined) {
      // The history as first shown: nothing to announce.
      announced.current = new Set(messages.map((message) => message.seq))
      return
    }
    const seen = announced.current
    let latest: Message | undefined
    for (const message of messages) {
      if (seen.has(message.seq) || message.status === 'streaming') continue
      seen.add(message.seq)
      if (message.kind === 'message' && message.senderId !== me && !message.hidden && !message.recalledAt) latest = message
    }
    if (!latest) return
    const body = latest.body?.type === 'text' ? stripMarkdown(latest.body.text) : previewOfMessage(latest, t, nameOf)
    setText(t('chat.liveMessage', { name: nameOf(latest.senderId), text: body.length > MAX_ANNOUNCEMENT ? `${body.slice(0, MAX_ANNOUNCEMENT)}…` : body }))
  }, [messages, loaded, me, nameOf, t])

  return text
}
