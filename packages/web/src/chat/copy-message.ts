import type { Message } from '@warbler/sdk'
import { useCallback, useEffect, useRef, useState } from 'react'

/** How long "Copied" stays on screen. */
export const COPY_STATUS_MS = 2500

/** The text a message's "Copy" puts on the clipboard: a text message's text (none for files, notices, recalled ones). */
export function copyableText(message: Message): string | undefined {
  if (message.kind !== 'message' || message.recalledAt || message.hidden || message.body?.type !== 'text') return undefined
  return message.body.text || undefined
}

/**
 * Copies a message's text with the Clipboard API (text selection is off on touch screens, where a
 * long press opens the actions), and tells how it went — `copied` or `failed` — for a few seconds,
 * for a status line that people see and screen readers hear.
 */
export function useCopyMessage(clipboard: Pick<Clipboard, 'writeText'> | undefined = globalThis.navigator?.clipboard) {
  const [status, setStatus] = useState<'copied' | 'failed' | undefined>()
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  const copy = useCallback(
    async (text: string) => {
      let outcome: 'copied' | 'failed' = 'copied'
      try {
        if (!clipboard) throw new Error('No clipboard')
        await clipboard.writeText(text)
      } catch {
        outcome = 'failed'
      }
      setStatus(outcome)
      clearTimeout(timer.current)
      timer.current = setTimeout(() => setStatus(undefined), COPY_STATUS_MS)
    },
    [clipboard],
  )
  return { status, copy }
}
