import type { WidgetTexts } from '../texts.js'

const CLOSE_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6 10.6 12 5 6.4z"/></svg>'
const SEND_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3 20.5 21 12 3 3.5v6.6l12 1.9-12 1.9z"/></svg>'
const ATTACH_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z"/></svg>'

/** The panel's elements. */
export interface PanelDom {
  panel: HTMLElement
  title: HTMLElement
  status: HTMLElement
  close: HTMLButtonElement
  banner: HTMLElement
  log: HTMLElement
  typing: HTMLElement
  composer: HTMLFormElement
  input: HTMLTextAreaElement
  attach: HTMLButtonElement
  file: HTMLInputElement
  send: HTMLButtonElement
}

/** Builds the panel (hidden): a labelled dialog with a live log, a typing line and the composer. */
export function buildPanelDom(texts: WidgetTexts, botName: string, position: 'right' | 'left'): PanelDom {
  const panel = document.createElement('div')
  panel.className = `panel ${position}`
  panel.setAttribute('role', 'dialog')
  panel.setAttribute('aria-label', texts.chatWith(botName))
  panel.hidden = true

  const header = document.createElement('header')
  const title = document.createElement('span')
  title.className = 'title'
  title.textContent = botName
  const status = document.createElement('span')
  status.className = 'status'
  status.setAttribute('aria-live', 'polite')
  const close = document.createElement('button')
  close.type = 'button'
  close.className = 'icon'
  close.setAttribute('aria-label', texts.closeChat)
  close.innerHTML = CLOSE_ICON
  header.append(title, status, close)

  const banner = document.createElement('div')
  banner.className = 'banner'
  banner.setAttribute('role', 'status')
  banner.hidden = true

  const log = document.createElement('div')
  log.className = 'log'
  log.setAttribute('role', 'log')
  log.setAttribute('aria-live', 'polite')
  log.setAttribute('aria-relevant', 'additions')
  log.tabIndex = 0

  const typing = document.createElement('div')
  typing.className = 'typing'
  typing.setAttribute('aria-live', 'polite')

  const composer = document.createElement('form')
  composer.className = 'composer'
  const attach = document.createElement('button')
  attach.type = 'button'
  attach.className = 'icon'
  attach.setAttribute('aria-label', texts.attach)
  attach.innerHTML = ATTACH_ICON
  const file = document.createElement('input')
  file.type = 'file'
  file.hidden = true
  file.tabIndex = -1
  const input = document.createElement('textarea')
  input.rows = 1
  input.setAttribute('aria-label', texts.message)
  input.placeholder = texts.placeholder
  input.maxLength = 4000
  const send = document.createElement('button')
  send.type = 'submit'
  send.className = 'icon send'
  send.setAttribute('aria-label', texts.send)
  send.innerHTML = SEND_ICON
  composer.append(attach, file, input, send)

  panel.append(header, banner, log, typing, composer)
  return { panel, title, status, close, banner, log, typing, composer, input, attach, file, send }
}
