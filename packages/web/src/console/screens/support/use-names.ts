import { useCallback, useEffect, useRef, useState } from 'react'
import type { User } from '@warbler/protocol'
import type { SupportApi } from './support-api.js'

/**
 * Display names of users, loaded once per id and kept for the screen's life: `nameOf(id)` answers
 * the id until the name is there (and for users that cannot be read), `userOf(id)` the user.
 */
export function useNames(api: SupportApi | undefined): { nameOf: (userId: string) => string; userOf: (userId: string) => User | undefined } {
  const [users, setUsers] = useState<ReadonlyMap<string, User | null>>(new Map())
  const asked = useRef(new Set<string>())
  const [wanted, setWanted] = useState<string[]>([])

  useEffect(() => {
    asked.current = new Set()
    setUsers(new Map())
  }, [api])

  useEffect(() => {
    if (!api || wanted.length === 0) return
    const fresh = wanted.filter((userId) => !asked.current.has(userId))
    setWanted([])
    for (const userId of fresh) {
      asked.current.add(userId)
      api.user(userId).then(
        (user) => setUsers((current) => new Map(current).set(userId, user)),
        () => setUsers((current) => new Map(current).set(userId, null)),
      )
    }
  }, [api, wanted])

  const want = useCallback((userId: string) => {
    if (!asked.current.has(userId)) queueMicrotask(() => setWanted((current) => (current.includes(userId) ? current : [...current, userId])))
  }, [])

  return {
    nameOf: (userId: string) => {
      const user = users.get(userId)
      if (user === undefined) want(userId)
      return user?.name || userId
    },
    userOf: (userId: string) => {
      const user = users.get(userId)
      if (user === undefined) want(userId)
      return user ?? undefined
    },
  }
}
