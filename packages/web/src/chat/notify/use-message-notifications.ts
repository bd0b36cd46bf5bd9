import type { Message, WarblerClient } from '@warbler/sdk'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { previewOfMessage } from '../message-preview.js'
import { playChime } from './chime.js'
import type { NotifySettings } from './notify-settings.js'
import { shouldNotify } from './should-notify.js'

/** What the notifications need from the chat, read when a message arrives. */
export interface NotificationSources {
  me: string | undefined
  activeId: string | undefined
  muted: ReadonlySet<string>
  nameOf: (userId: string) => string
  /** The conversation's title (a group's name), when it is not the sender's. */
  groupNameOf: (conversationId: string) => string | undefined
  /** Opens a conversation (a notification click). */
  onOpen: (conversationId: string) => void
}

/**
 * Desktop notifications (and the chime) for new messages while the tab is open, when the user
 * turned them on: a bot's streamed answer notifies once, when it is complete. A click focuses the
 * tab and opens the conversation. Pushes with the tab closed are the push worker's.
 */
export function useMessageNotifications(client: WarblerClient, settings: NotifySettings, sources: NotificationSources): void {
  const { t } = useTranslation()
  const latest = useRef({ settings, sources, t })
  latest.current = { settings, sources, t }

  useEffect(() => {
    const since = Date.now() - 30_000
    const streaming = new Set<string>()
    const notify = (message: Message) => {
      const { settings: now, sources: chat, t: translate } = latest.current
      if (!now.desktop || typeof Notification === 'undefined' || Notification.permission !== 'granted') return
      const focused = document.visibilityState === 'visible' && document.hasFocus()
      if (!shouldNotify(message, { me: chat.me, activeId: chat.activeId, focused, muted: chat.muted, since })) return
      const sender = chat.nameOf(message.senderId)
      const group = chat.groupNameOf(message.conversationId)
      const notification = new Notification(group ? `${sender} · ${group}` : sender, {
        body: previewOfMessage(message, translate, chat.nameOf) || translate('chat.notify.newMessage'),
        tag: `warbler:${message.conversationId}`,
        silent: true,
      })
      notification.onclick = () => {
        window.focus()
        latest.current.sources.onOpen(message.conversationId)
        notification.close()
      }
      if (now.sound) playChime()
    }
    const offMessage = client.on('message', (message) => {
      if (message.status === 'streaming') streaming.add(`${message.conversationId}:${message.seq}`)
      else notify(message)
    })
    const offUpdate = client.on('message-update', (message) => {
      const key = `${message.conversationId}:${message.seq}`
      if (message.status !== 'final' || !streaming.delete(key)) return
      notify(message)
    })
    return () => {
      offMessage()
      offUpdate()
    }
  }, [client])
}
