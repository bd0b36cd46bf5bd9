import type { WidgetTexts } from '../texts.js'

/** Why an answer was not helpful: the same reasons as the web chat and the server's feedback route. */
export const FEEDBACK_REASONS = ['incorrect', 'incomplete', 'outdated', 'irrelevant', 'other'] as const
/** One of {@link FEEDBACK_REASONS}. */
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number]

/** A rating the visitor gave (kept in the browser so the buttons show it after a reload). */
export interface GivenFeedback {
  rating: 'up' | 'down'
  reason?: FeedbackReason
}

/** What the visitor sends for one answer. */
export interface FeedbackInput extends GivenFeedback {
  comment?: string
}

let formCount = 0

/**
 * 👍/👎 under a bot answer. 👍 is sent at once; 👎 opens a short form (a reason, required, and an
 * optional comment). The buttons are toggles (`aria-pressed`) that show the rating given, and a
 * later click records a new rating (the server keeps every one). `onRate` rejects with a sentence
 * the visitor can read.
 */
export function buildAnswerFeedback(texts: WidgetTexts, given: GivenFeedback | undefined, onRate: (input: FeedbackInput) => Promise<void>): HTMLElement {
  const root = document.createElement('div')
  root.className = 'feedback'
  const row = document.createElement('div')
  row.className = 'feedback-row'
  row.setAttribute('role', 'group')
  row.setAttribute('aria-label', texts.feedbackLabel)
  const status = document.createElement('p')
  status.className = 'feedback-status'
  status.setAttribute('role', 'status')
  const error = document.createElement('p')
  error.className = 'error'
  error.setAttribute('role', 'alert')
  const up = toggle('👍', texts.feedbackUp)
  const down = toggle('👎', texts.feedbackDown)
  row.append(up, down)
  root.append(row)
  let form: HTMLFormElement | undefined

  function show(current: GivenFeedback | undefined) {
    up.setAttribute('aria-pressed', String(current?.rating === 'up'))
    down.setAttribute('aria-pressed', String(current?.rating === 'down'))
    status.textContent = current ? (current.rating === 'up' ? texts.feedbackGivenUp : texts.feedbackGivenDown(texts.feedbackReasons[current.reason ?? 'other'])) : ''
  }

  async function rate(input: FeedbackInput, busy: HTMLButtonElement[]): Promise<boolean> {
    error.textContent = ''
    busy.forEach((button) => (button.disabled = true))
    try {
      await onRate(input)
      show(input)
      return true
    } catch (failure) {
      error.textContent = failure instanceof Error ? failure.message : String(failure)
      return false
    } finally {
      busy.forEach((button) => (button.disabled = false))
    }
  }

  up.addEventListener('click', () => {
    form?.remove()
    form = undefined
    void rate({ rating: 'up' }, [up, down])
  })
  down.addEventListener('click', () => {
    if (form) {
      form.remove()
      form = undefined
      down.focus()
      return
    }
    form = reasonForm(texts, async (reason, comment, send) => {
      if (await rate({ rating: 'down', reason, ...(comment ? { comment } : {}) }, [up, down, send])) {
        form?.remove()
        form = undefined
        down.focus()
      }
    }, () => {
      form?.remove()
      form = undefined
      down.focus()
    })
    row.after(form)
    form.querySelector('input')?.focus()
  })
  root.append(status, error)
  show(given)
  return root
}

function toggle(emoji: string, label: string): HTMLButtonElement {
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'feedback-button'
  button.textContent = emoji
  button.setAttribute('aria-label', label)
  button.title = label
  return button
}

function reasonForm(texts: WidgetTexts, onSend: (reason: FeedbackReason, comment: string | undefined, send: HTMLButtonElement) => Promise<void>, onCancel: () => void): HTMLFormElement {
  const id = `w-feedback-${++formCount}`
  const form = document.createElement('form')
  form.className = 'feedback-form'
  const fieldset = document.createElement('fieldset')
  const legend = document.createElement('legend')
  legend.textContent = texts.feedbackReasonLegend
  fieldset.append(legend)
  FEEDBACK_REASONS.forEach((reason, index) => {
    const label = document.createElement('label')
    const radio = document.createElement('input')
    radio.type = 'radio'
    radio.name = id
    radio.value = reason
    radio.required = true
    if (index === 0) radio.checked = true
    label.append(radio, document.createTextNode(texts.feedbackReasons[reason]))
    fieldset.append(label)
  })
  const comment = document.createElement('textarea')
  comment.setAttribute('aria-label', texts.feedbackComment)
  comment.placeholder = texts.feedbackComment
  comment.maxLength = 2000
  comment.rows = 2
  const actions = document.createElement('div')
  actions.className = 'actions'
  const cancel = document.createElement('button')
  cancel.type = 'button'
  cancel.className = 'secondary'
  cancel.textContent = texts.feedbackCancel
  cancel.addEventListener('click', onCancel)
  const send = document.createElement('button')
  send.type = 'submit'
  send.className = 'primary'
  send.textContent = texts.feedbackSend
  actions.append(cancel, send)
  form.append(fieldset, comment, actions)
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      onCancel()
    }
  })
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const reason = (form.querySelector<HTMLInputElement>('input[type=radio]:checked')?.value ?? 'other') as FeedbackReason
    void onSend(reason, comment.value.trim() || undefined, send)
  })
  return form
}
