/** What the chat app needs to connect: server, token, and names to show. Kept per browser tab. */
export interface ChatSession {
  url: string
  token: string
  userId?: string
  names?: Record<string, string>
}

const KEY = 'warbler.chat.session'

/** The session saved in this tab, if any. */
export function loadSession(): ChatSession | undefined {
  try {
    const raw = sessionStorage.getItem(KEY)
    return raw ? (JSON.parse(raw) as ChatSession) : undefined
  } catch {
    return undefined
  }
}

/** Saves (or, with undefined, forgets) the session of this tab. */
export function saveSession(session: ChatSession | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session))
  else sessionStorage.removeItem(KEY)
}
