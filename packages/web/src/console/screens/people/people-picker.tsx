import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { consoleApi } from '../../console-api.js'
import './people-texts.js'

/** A user as the console's user search lists it. */
export interface Person {
  id: string
  name: string
  kind: 'person' | 'bot'
}

interface PeoplePickerProps {
  appId: string
  label: string
  /** The people chosen (one at most when not `multiple`). */
  value: Person[]
  onChange: (people: Person[]) => void
  multiple?: boolean
  /** Ids that cannot be picked (already members). */
  exclude?: readonly string[]
  required?: boolean
  testId?: string
}

/**
 * Picks people of an app from a searchable list (a combobox: type, arrow keys, Enter) instead of
 * typing user ids; the chosen ones are chips with a remove button. Searches the console's user
 * search (`GET /api/v1/console/apps/{appId}/users?q=`) as you type.
 */
export function PeoplePicker({ appId, label, value, onChange, multiple = false, exclude = [], required = false, testId }: PeoplePickerProps) {
  const { t } = useTranslation()
  const id = useId()
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<Person[]>([])
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const [searching, setSearching] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const chosen = new Set(value.map((person) => person.id))
  const options = results.filter((person) => !chosen.has(person.id) && !exclude.includes(person.id))

  useEffect(() => {
    if (!open) return
    let live = true
    setSearching(true)
    const timer = setTimeout(() => {
      consoleApi<{ users: Person[] }>('GET', `/apps/${encodeURIComponent(appId)}/users?limit=20&q=${encodeURIComponent(query.trim())}`).then(
        (answer) => {
          if (!live) return
          setResults(answer.users)
          setActive(0)
          setSearching(false)
        },
        () => live && setSearching(false),
      )
    }, 150)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [appId, query, open])

  function pick(person: Person) {
    onChange(multiple ? [...value, person] : [person])
    setQuery('')
    setOpen(multiple)
    input.current?.focus()
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setOpen(true)
      setActive((index) => Math.min(index + 1, Math.max(options.length - 1, 0)))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((index) => Math.max(index - 1, 0))
    } else if (event.key === 'Enter' && open && options[active]) {
      event.preventDefault()
      pick(options[active]!)
    } else if (event.key === 'Escape' && open) {
      event.preventDefault()
      setOpen(false)
    } else if (event.key === 'Backspace' && query === '' && value.length > 0) {
      onChange(value.slice(0, -1))
    }
  }

  const listId = `${id}-list`
  const hintId = `${id}-hint`
  const optionId = (index: number) => `${id}-option-${index}`
  return (
    <div className="people-picker" data-testid={testId}>
      <label htmlFor={`${id}-input`}>{label}</label>
      {value.length > 0 && (
        <ul className="people-chips" aria-label={t('console.people.chosen', { count: value.length })}>
          {value.map((person) => (
            <li key={person.id} className="people-chip" data-testid="picked-person" data-user-id={person.id}>
              <span>{person.name}</span> <span className="mono muted small">{person.id}</span>
              <button type="button" className="ghost chip-remove" aria-label={t('console.people.remove', { name: person.name })} onClick={() => onChange(value.filter((other) => other.id !== person.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {(multiple || value.length === 0) && (
        <div className="people-combobox">
          <input
            id={`${id}-input`}
            ref={input}
            role="combobox"
            aria-expanded={open}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-describedby={hintId}
            aria-activedescendant={open && options[active] ? optionId(active) : undefined}
            aria-required={required && value.length === 0}
            autoComplete="off"
            value={query}
            onChange={(event) => {
              setQuery(event.target.value)
              setOpen(true)
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
            onKeyDown={onKeyDown}
          />
          <span id={hintId} className="visually-hidden">
            {t('console.people.searchHint')}
          </span>
          {open && (
            <ul id={listId} role="listbox" className="people-options" aria-label={label}>
              {options.map((person, index) => (
                <li
                  key={person.id}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === active}
                  className={index === active ? 'active' : undefined}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => pick(person)}
                >
                  <span>{person.name}</span> <span className="mono small option-id">{person.id}</span>
                  {person.kind === 'bot' && <span className="pill">{t('console.people.bot')}</span>}
                </li>
              ))}
              {options.length === 0 && (
                <li className="muted small" role="presentation">
                  {searching ? t('console.people.searching') : t('console.people.noMatch', { query: query.trim() })}
                </li>
              )}
            </ul>
          )}
        </div>
      )}
    </div>
  )
}
