import type { WidgetTexts } from '../texts.js'

/**
 * The rating prompt shown after the conversation is resolved: five labelled buttons (toggle
 * state for screen readers), an optional comment, and a thank-you once `onSubmit` resolves.
 */
export function buildCsatPrompt(texts: WidgetTexts, onSubmit: (rating: number, comment: string | undefined) => Promise<void>): HTMLFormElement {
  const form = document.createElement('form')
  form.className = 'csat'
  const question = document.createElement('strong')
  question.textContent = texts.csatQuestion
  const stars = document.createElement('div')
  stars.className = 'stars'
  stars.setAttribute('role', 'group')
  stars.setAttribute('aria-label', texts.csatQuestion)
  let rating = 0
  const buttons: HTMLButtonElement[] = []
  for (let value = 1; value <= 5; value++) {
    const button = document.createElement('button')
    button.type = 'button'
    button.textContent = '★'
    button.setAttribute('aria-label', texts.csatStar(value))
    button.setAttribute('aria-pressed', 'false')
    button.addEventListener('click', () => {
      rating = value
      buttons.forEach((other, index) => other.setAttribute('aria-pressed', String(index < value)))
      send.disabled = false
    })
    buttons.push(button)
    stars.appendChild(button)
  }
  const comment = document.createElement('textarea')
  comment.setAttribute('aria-label', texts.csatComment)
  comment.placeholder = texts.csatComment
  comment.maxLength = 2000
  const error = document.createElement('p')
  error.className = 'error'
  error.setAttribute('role', 'alert')
  const send = document.createElement('button')
  send.type = 'submit'
  send.className = 'primary'
  send.textContent = texts.csatSend
  send.disabled = true
  form.append(question, stars, comment, error, send)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (rating === 0) return
    send.disabled = true
    onSubmit(rating, comment.value.trim() || undefined)
      .then(() => {
        form.replaceChildren(Object.assign(document.createElement('p'), { textContent: texts.csatThanks }))
      })
      .catch((failure: unknown) => {
        send.disabled = false
        error.textContent = failure instanceof Error ? failure.message : String(failure)
      })
  })
  return form
}
