import type { Person } from '@warbler/protocol'
import { useEffect, useState } from 'react'
import type { FileAccess } from '../file-upload.js'
import { fetchPeople } from './people-api.js'
import type { PeopleBook } from './people-book.js'

/** What a directory search shows: the people found for the text typed, or why it failed. */
export interface PeopleSearchState {
  results: Person[]
  searching: boolean
  /** The error of the last search, if it failed. */
  error: unknown
  /** The text the results are for. */
  forText: string
}

/** How long typing pauses before the directory is asked (ms). */
const DEBOUNCE_MS = 150

/** Searches the people directory as the user types (debounced; a newer text wins over a late answer). */
export function usePeopleSearch(access: FileAccess | undefined, book: PeopleBook | undefined, text: string): PeopleSearchState {
  const [state, setState] = useState<PeopleSearchState>({ results: [], searching: false, error: undefined, forText: '' })
  const query = text.trim()
  useEffect(() => {
    if (!access || !query) {
      setState({ results: [], searching: false, error: undefined, forText: query })
      return
    }
    let current = true
    setState((before) => ({ ...before, searching: true }))
    const timer = setTimeout(() => {
      fetchPeople(access, { q: query }).then(
        (people) => {
          book?.remember(people)
          if (current) setState({ results: people, searching: false, error: undefined, forText: query })
        },
        (error: unknown) => {
          if (current) setState({ results: [], searching: false, error, forText: query })
        },
      )
    }, DEBOUNCE_MS)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [access, book, query])
  return state
}

/**
 * The person a typed text means, among results for it: the exact id, else the one exact name (any
 * case), else the only result; undefined when the choice is the user's to make.
 */
export function personMeant(text: string, results: readonly Person[]): Person | undefined {
  const wanted = text.trim()
  const byId = results.find((person) => person.id === wanted)
  if (byId) return byId
  const byName = results.filter((person) => person.name.toLowerCase() === wanted.toLowerCase())
  if (byName.length === 1) return byName[0]
  return results.length === 1 ? results[0] : undefined
}
