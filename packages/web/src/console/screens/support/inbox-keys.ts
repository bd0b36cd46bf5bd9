/** What a keyboard shortcut of the inbox does. */
export type InboxCommand = 'next' | 'previous' | 'reply' | 'note' | 'take' | 'resolve' | 'snooze' | 'help' | 'tab-queue' | 'tab-mine' | 'tab-all' | 'tab-resolved'

/** The shortcuts, for the help list: key → command. */
export const INBOX_SHORTCUTS: readonly { key: string; command: InboxCommand }[] = [
  { key: 'j', command: 'next' },
  { key: 'k', command: 'previous' },
  { key: 'r', command: 'reply' },
  { key: 'n', command: 'note' },
  { key: 't', command: 'take' },
  { key: 'e', command: 'resolve' },
  { key: 'z', command: 'snooze' },
  { key: '1', command: 'tab-queue' },
  { key: '2', command: 'tab-mine' },
  { key: '3', command: 'tab-all' },
  { key: '4', command: 'tab-resolved' },
  { key: '?', command: 'help' },
]

const BY_KEY = new Map(INBOX_SHORTCUTS.map((shortcut) => [shortcut.key, shortcut.command]))

/** What a key press means, or undefined: never while typing in a field, never with Ctrl, Alt or Meta. */
export function commandOf(event: { key: string; ctrlKey: boolean; altKey: boolean; metaKey: boolean; target: unknown }): InboxCommand | undefined {
  if (event.ctrlKey || event.altKey || event.metaKey) return undefined
  const target = event.target as { tagName?: string; isContentEditable?: boolean } | null
  const tag = target?.tagName?.toLowerCase()
  if (tag === 'input' || tag === 'textarea' || tag === 'select' || target?.isContentEditable) return undefined
  if (event.key === 'ArrowDown') return 'next'
  if (event.key === 'ArrowUp') return 'previous'
  return BY_KEY.get(event.key.length === 1 ? event.key.toLowerCase() : event.key)
}
