import type { WidgetConfig } from '../contract.js'
import type { WidgetLocale } from '../locale.js'
import type { WidgetTexts } from '../texts.js'

/** What the visitor typed into the pre-chat form. */
export interface PreChatAnswers {
  name?: string
  email?: string
  phone?: string
  consent: boolean
}

/** Builds the pre-chat form; `onSubmit` gets the answers (the form shows `error` text if it throws). */
export function buildPreChatForm(texts: WidgetTexts, locale: WidgetLocale, preChat: WidgetConfig['preChat'], onSubmit: (answers: PreChatAnswers) => Promise<void>): HTMLFormElement {
  const form = document.createElement('form')
  form.className = 'form'
  const heading = document.createElement('strong')
  heading.textContent = texts.preChatTitle
  form.appendChild(heading)
  const inputs = new Map<string, HTMLInputElement>()
  for (const field of preChat.fields) {
    const label = document.createElement('label')
    label.textContent = texts[field]
    const input = document.createElement('input')
    input.type = field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text'
    input.name = field
    input.autocomplete = field === 'phone' ? 'tel' : field
    input.required = field !== 'phone'
    input.maxLength = field === 'email' ? 254 : field === 'phone' ? 32 : 128
    label.appendChild(input)
    form.appendChild(label)
    inputs.set(field, input)
  }
  const consentText = preChat.consent[locale] ?? preChat.consent.en
  let consent: HTMLInputElement | undefined
  if (consentText) {
    const label = document.createElement('label')
    label.className = 'check'
    consent = document.createElement('input')
    consent.type = 'checkbox'
    consent.required = true
    const text = document.createElement('span')
    text.textContent = consentText
    label.append(consent, text)
    form.appendChild(label)
  }
  const error = document.createElement('p')
  error.className = 'error'
  error.setAttribute('role', 'alert')
  const submit = document.createElement('button')
  submit.type = 'submit'
  submit.className = 'primary'
  submit.textContent = texts.start
  form.append(error, submit)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const value = (name: string) => inputs.get(name)?.value.trim() || undefined
    const answers: PreChatAnswers = { consent: consent?.checked ?? false }
    const name = value('name')
    const email = value('email')
    const phone = value('phone')
    if (name) answers.name = name
    if (email) answers.email = email
    if (phone) answers.phone = phone
    submit.disabled = true
    onSubmit(answers)
      .catch((failure: unknown) => (error.textContent = failure instanceof Error ? failure.message : String(failure)))
      .finally(() => (submit.disabled = false))
  })
  return form
}
