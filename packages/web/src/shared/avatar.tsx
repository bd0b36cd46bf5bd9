import { avatarColours } from './avatar-colour.js'

/** A round avatar with the first letter of a name, in a colour no one else on the page has (up to twelve people). */
export function Avatar({ name, size = 36, bot = false }: { name: string; size?: number; bot?: boolean }) {
  const letter = [...name.trim()][0]?.toUpperCase() ?? '?'
  return (
    <span className={`avatar${bot ? ' avatar-bot' : ''}`} style={{ width: size, height: size, background: avatarColours.of(name), fontSize: size * 0.42 }} aria-hidden="true">
      {letter}
    </span>
  )
}
