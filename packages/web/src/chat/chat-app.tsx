import { useState } from 'react'
import { ChatShell } from './chat-shell.js'
import { loadSession, saveSession, type ChatSession } from './chat-session.js'
import { SignInScreen } from './sign-in-screen.js'

/** The chat app: the sign-in screen until there is a session, then the chat. */
export function ChatApp() {
  const [session, setSession] = useState<ChatSession | undefined>(loadSession)
  if (!session) {
    return (
      <SignInScreen
        onSignedIn={(next) => {
          saveSession(next)
          setSession(next)
        }}
      />
    )
  }
  return (
    <ChatShell
      key={session.token}
      session={session}
      onSignOut={() => {
        saveSession(undefined)
        setSession(undefined)
      }}
    />
  )
}
