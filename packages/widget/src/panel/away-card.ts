import type { WidgetLocale } from '../locale.js'
import type { WidgetTexts } from '../texts.js'

/** Whether someone can answer (`GET /widget/availability`). */
export interface Availability {
  agentsAvailable: boolean
  open: boolean
  nextOpenAt: number | null
}

/**
 * Shown after a hand-off when no agent can answer: says when someone will (the next opening of the
 * business hours) and collects an email (with the consent box when the app has consent text).
 */
export function buildAwayCard(
  texts: WidgetTexts,
  locale: WidgetLocale,
  availability: Availability,
  consentText: string | undefined,
  onEmail: (email: string, consent: boolean) => Promise<void>,
): HTMLFormElement {
  const form = document.createElement('form')
  form.className = 'csat'
  const when =
    !availability.open && availability.nextOpenAt !== null
      ? new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(availability.nextOpenAt))
      : undefined
  const status = document.createElement('strong')
  status.setAttribute('role', 'status')
  status.textContent = when ? texts.awayClosed(when) : texts.awayBusy
  const label = document.createElement('label')
  label.textContent = texts.awayEmail
  const email = document.createElement('input')
  email.type = 'email'
  email.required = true
  email.autocomplete = 'email'
  email.maxLength = 254
  label.appendChild(email)
  form.append(status, label)
  let consent: HTMLInputElement | undefined
  if (consentText) {
    const check = document.createElement('label')
    check.className = 'check'
    consent = document.createElement('input')
    consent.type = 'checkbox'
    consent.required = true
    const text = document.createElement('span')
    text.textContent = consentText
    check.append(consent, text)
    form.appendChild(check)
  }
  const error = document.createElement('p')
  error.className = 'error'
  error.setAttribute('role', 'alert')
  const send = document.createElement('button')
  send.type = 'submit'
  send.className = 'primary'
  send.textContent = texts.awaySend
  form.append(error, send)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const address = email.value.trim()
    if (!address) return
    send.disabled = true
    onEmail(address, consent?.checked ?? false)
      .then(() => form.replaceChildren(Object.assign(document.createElement('p'), { textContent: texts.awayThanks(address) })))
      .catch((failure: unknown) => {
        send.disabled = false
        error.textContent = failure instanceof Error ? failure.message : String(failure)
      })
  })
  return form
}
