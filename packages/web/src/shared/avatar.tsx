import { useContext, useState } from 'react'
import { avatarColours } from './avatar-colour.js'
import { PeopleContext, usePerson } from './avatar-people.js'

/** A round avatar: the picture at `src` when it loads, else the first letter of a name in a colour no one else on the page has (up to twelve people). */
export function AvatarFace({ name, size = 36, bot = false, src }: { name: string; size?: number; bot?: boolean; src?: string | null | undefined }) {
  const letter = [...name.trim()][0]?.toUpperCase() ?? '?'
  // A picture that fails to load (gone, blocked) falls back to the letter.
  const [failed, setFailed] = useState<string | undefined>()
  const picture = src && failed !== src ? src : undefined
  return (
    <span
      className={`avatar${bot ? ' avatar-bot' : ''}${picture ? ' avatar-picture' : ''}`}
      style={{ width: size, height: size, background: avatarColours.of(name), fontSize: size * 0.42 }}
      aria-hidden="true"
      data-testid="avatar"
    >
      {picture ? <img src={picture} alt="" width={size} height={size} onError={() => setFailed(picture)} referrerPolicy="no-referrer" /> : letter}
    </span>
  )
}

/**
 * A user's avatar. Given `userId` inside the chat, it shows the profile's picture (`avatarUrl`) and
 * the bot shape when the chat knows them; otherwise, and in the console, the coloured initial.
 */
export function Avatar(props: { name: string; size?: number; bot?: boolean; userId?: string | undefined }) {
  const inChat = useContext(PeopleContext) !== undefined
  return inChat && props.userId ? <PersonAvatar {...props} userId={props.userId} /> : <AvatarFace {...props} />
}

function PersonAvatar(props: { name: string; size?: number; bot?: boolean; userId: string }) {
  const person = usePerson(props.userId)
  return <AvatarFace name={props.name} {...(props.size ? { size: props.size } : {})} bot={props.bot || person?.isBot === true} src={person?.avatarUrl} />
}
