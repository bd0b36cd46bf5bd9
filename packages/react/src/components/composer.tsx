import { useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import { useMessages } from '../use-messages.js'
import { useTyping } from '../use-typing.js'

/** Props of {@link Composer}. */
export interface ComposerProps {
  conversationId: string
  /** The text box's accessible name, e.g. "Message" (in the user's language). */
  label: string
  /** The send button's text. */
  sendLabel: string
  placeholder?: string
  disabled?: boolean
  /** Called after a send with the message's client id. */
  onSent?: (clientMsgId: string) => void
  className?: string
}

/**
 * A text box and a send button, unstyled: Enter sends, Shift+Enter makes a new line; typing is
 * announced to the others (and stops when the box is cleared or the message goes). Sends are
 * optimistic: the message shows in {@link MessageList} at once.
 *
 * @example
 * ```tsx
 * <Composer conversationId={id} label="Message" sendLabel="Send" />
 * ```
 */
export function Composer(props: ComposerProps) {
  const [text, setText] = useState('')
  const { send } = useMessages(props.conversationId)
  const typing = useTyping(props.conversationId)
  const id = useId()

  function submit(event?: FormEvent) {
    event?.preventDefault()
    const trimmed = text.trim()
    if (!trimmed || props.disabled) return
    const clientMsgId = send({ type: 'text', text: trimmed })
    setText('')
    props.onSent?.(clientMsgId)
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event)
  }

  return (
    <form className={props.className} onSubmit={submit}>
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        value={text}
        placeholder={props.placeholder}
        disabled={props.disabled}
        rows={1}
        onKeyDown={onKeyDown}
        onChange={(event) => {
          setText(event.target.value)
          if (event.target.value) typing.start()
          else typing.stop()
        }}
      />
      <button type="submit" disabled={props.disabled || text.trim() === ''}>
        {props.sendLabel}
      </button>
    </form>
  )
}
