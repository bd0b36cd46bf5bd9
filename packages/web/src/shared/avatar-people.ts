import type { Person } from '@warbler/protocol'
import { createContext, useContext, useSyncExternalStore } from 'react'
import type { PeopleBook } from '../chat/people/people-book.js'

/** The chat's {@link PeopleBook} (undefined until connected, and outside the chat). */
export const PeopleContext = createContext<PeopleBook | undefined>(undefined)

const noBook = { subscribe: () => () => undefined, version: () => 0 }

/** The profile of a user (name, avatar, bot or not) once the chat knows it; re-renders when it arrives. */
export function usePerson(userId: string | undefined): Person | undefined {
  const book = useContext(PeopleContext)
  useSyncExternalStore(book?.subscribe ?? noBook.subscribe, book?.version ?? noBook.version)
  return userId ? book?.get(userId) : undefined
}

/** The chat's people book, to search or look up. */
export function usePeopleBook(): PeopleBook | undefined {
  return useContext(PeopleContext)
}
