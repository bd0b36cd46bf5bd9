import type { ConsoleSession } from './console-api.js'

/** What every console screen gets. */
export interface ScreenProps {
  /** The app the per-app screens work on (undefined when there is none yet). */
  appId: string | undefined
  /** Whether the signed-in account may do something (`apps.manage`, `users.moderate`, ...). */
  can: (permission: string) => boolean
  /** Tell the shell the list of apps changed (after creating one). */
  onAppsChanged: () => void
  /** The signed-in account (the inbox works out which agent it is). */
  session?: ConsoleSession
}
