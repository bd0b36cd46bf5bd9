const PALETTE = ['#127c6e', '#3d6fb6', '#8a5cc2', '#c0693b', '#b8476b', '#4f7d2c', '#2f7f9e']

function hueOf(text: string): string {
  let hash = 0
  for (const char of text) hash = (hash * 31 + char.codePointAt(0)!) >>> 0
  return PALETTE[hash % PALETTE.length]!
}

/** A round avatar with the first letter of a name, coloured by the name. */
export function Avatar({ name, size = 36, bot = false }: { name: string; size?: number; bot?: boolean }) {
  const letter = [...name.trim()][0]?.toUpperCase() ?? '?'
  return (
    <span className={`avatar${bot ? ' avatar-bot' : ''}`} style={{ width: size, height: size, background: hueOf(name), fontSize: size * 0.42 }} aria-hidden="true">
      {letter}
    </span>
  )
}
