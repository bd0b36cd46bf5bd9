import { useEffect, useState } from 'react'
import { ApiError } from '../shared/http.js'
import { consoleApi, type ConsoleSession } from './console-api.js'
import { ConsoleShell } from './console-shell.js'
import { ConsoleSignIn } from './console-sign-in.js'

/** The console: sign-in until there is a session, then the screens. */
export function ConsoleApp() {
  const [session, setSession] = useState<ConsoleSession | null | undefined>()
  useEffect(() => {
    consoleApi<ConsoleSession>('GET', '/session').then(setSession, (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setSession(null)
      else setSession(null)
    })
  }, [])
  if (session === undefined) return null
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
