import { useEffect, useState } from 'react'
import { consoleApi, type ConsoleSession, type ConsoleStart } from './console-api.js'
import { ConsoleSetup } from './console-setup.js'
import { ConsoleShell } from './console-shell.js'
import { ConsoleSignIn } from './console-sign-in.js'

/** The console: first-run setup while there is no owner, sign-in until there is a session, then the screens. */
export function ConsoleApp() {
  const [session, setSession] = useState<ConsoleSession | null | undefined>()
  const [ownerNeeded, setOwnerNeeded] = useState(false)
  useEffect(() => {
    // `/start` answers 200 signed in or not, so loading the console logs no 401.
    consoleApi<ConsoleStart>('GET', '/start').then(
      (start) => {
        setOwnerNeeded(start.ownerNeeded)
        setSession(start.session)
      },
      () => setSession(null),
    )
  }, [])
  if (session === undefined) return null
  if (session === null && ownerNeeded) return <ConsoleSetup onSignedIn={setSession} onOwnerExists={() => setOwnerNeeded(false)} />
  if (session === null) return <ConsoleSignIn onSignedIn={setSession} />
  return (
    <ConsoleShell
      session={session}
      onSignOut={() => {
        void consoleApi('DELETE', '/session').finally(() => setSession(null))
      }}
    />
  )
}
