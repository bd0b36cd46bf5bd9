import type { Person } from '@warbler/protocol'
import { useId, useState, type KeyboardEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Avatar } from '../../shared/avatar.js'
import { errorText } from '../../shared/error-text.js'
import { BotBadge } from '../bot-badge.js'
import { useFileAccess } from '../files-context.js'
import { usePeopleBook } from '../../shared/avatar-people.js'
import { usePeopleSearch } from './use-people-search.js'

/**
 * A search box over the people directory (an ARIA combobox): typing lists people by name or id,
 * arrow keys move through them, Enter picks the highlighted one (or hands the typed text to
 * `onEnterText` when none is highlighted), Escape clears. Used to start a chat and to pick group members.
 */
export function PeoplePicker(props: {
  label: string
  placeholder: string
  /** Ids not to offer (the user, members already picked). */
  exclude?: readonly string[]
  onPick: (person: Person) => void | Promise<void>
  /** Enter (or the caller's button) with no highlighted person: the typed text and the results for it. */
  onEnterText?: (text: string, results: readonly Person[]) => void | Promise<void>
  /** Shown after the box (a button that acts on the text). */
  after?: (text: string, results: readonly Person[]) => ReactNode
  inputId?: string
}) {
  const { t } = useTranslation()
  const access = useFileAccess()
  const book = usePeopleBook()
  const [text, setText] = useState('')
  const [active, setActive] = useState(-1)
  const search = usePeopleSearch(access, book, text)
  const listId = useId()
  const generatedId = useId()
  const inputId = props.inputId ?? generatedId
  const results = search.results.filter((person) => !props.exclude?.includes(person.id))
  const open = text.trim().length > 0 && search.forText === text.trim()
  const highlighted = active >= 0 && active < results.length ? results[active] : undefined

  async function pick(person: Person) {
    setText('')
    setActive(-1)
    await props.onPick(person)
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (results.length === 0) return
      event.preventDefault()
      const step = event.key === 'ArrowDown' ? 1 : -1
      setActive((index) => (index < 0 ? (step > 0 ? 0 : results.length - 1) : (index + step + results.length) % results.length))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      if (highlighted) void pick(highlighted)
      else if (text.trim() && props.onEnterText) void Promise.resolve(props.onEnterText(text.trim(), search.forText === text.trim() ? search.results : [])).then(() => undefined)
    } else if (event.key === 'Escape' && text) {
      event.preventDefault()
      setText('')
      setActive(-1)
    }
  }

  return (
    <div className="people-picker">
      <div className="people-picker-row">
        <label className="visually-hidden" htmlFor={inputId}>
          {props.label}
        </label>
        <input
          id={inputId}
          role="combobox"
          aria-expanded={open && results.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={highlighted ? `${listId}-${highlighted.id}` : undefined}
          value={text}
          onChange={(event) => {
            setText(event.target.value)
            setActive(-1)
          }}
          onKeyDown={onKeyDown}
          placeholder={props.placeholder}
          autoComplete="off"
          spellCheck={false}
        />
        {props.after?.(text.trim(), search.forText === text.trim() ? search.results : [])}
      </div>
      <ul id={listId} role="listbox" aria-label={t('chat.people.results')} className="people-results" hidden={!open || results.length === 0}>
        {results.map((person, index) => (
          <li
            key={person.id}
            id={`${listId}-${person.id}`}
            role="option"
            aria-selected={index === active}
            className={`person-option${index === active ? ' active' : ''}`}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => void pick(person)}
            data-testid="person-option"
          >
            <Avatar name={person.name} size={28} userId={person.id} />
            <span className="person-text">
              <span className="person-name">{person.name}</span>
              <span className="muted small person-id">{person.id}</span>
            </span>
            {person.isBot && <BotBadge />}
          </li>
        ))}
      </ul>
      <p className="visually-hidden" aria-live="polite">
        {open ? (search.error ? '' : t('chat.people.found', { count: results.length })) : ''}
      </p>
      {open && !search.searching && results.length === 0 && !search.error && <p className="muted small people-none">{t('chat.people.none')}</p>}
      {open && search.error !== undefined && (
        <p role="alert" className="error small">
          {t('chat.people.failed', { reason: errorText(t, search.error) })}
        </p>
      )}
    </div>
  )
}
