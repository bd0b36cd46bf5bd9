/** The user's notification choices in this browser. Everything is off until the user turns it on. */
export interface NotifySettings {
  /** A desktop notification for a new message while the tab is open but not looking at it. */
  desktop: boolean
  /** A short chime with each such notification. */
  sound: boolean
  /** `(3) Warbler` in the tab title while messages are unread. */
  titleCount: boolean
}

const KEY = 'warbler.chat.notify'

/** Nothing on: each choice is the user's to make. */
export const NOTIFY_OFF: NotifySettings = { desktop: false, sound: false, titleCount: false }

/** The choices saved in this browser (all off when none were saved). */
export function loadNotifySettings(): NotifySettings {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<NotifySettings>
    return { desktop: saved.desktop === true, sound: saved.sound === true, titleCount: saved.titleCount === true }
  } catch {
    return NOTIFY_OFF
  }
}

/** Keeps the choices for the next visit. */
export function saveNotifySettings(settings: NotifySettings): void {
  localStorage.setItem(KEY, JSON.stringify(settings))
}
