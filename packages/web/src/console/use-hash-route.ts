import { useEffect, useState } from 'react'

/** The console screen named in the address (`#/audit` → `audit`), and a way to go to another. */
export function useHashRoute(fallback: string): [string, (route: string) => void] {
  const read = () => location.hash.replace(/^#\/?/, '').split('?')[0] || fallback
  const [route, setRoute] = useState(read)
  useEffect(() => {
    const onChange = () => setRoute(read())
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  })
  return [route, (next) => (location.hash = `#/${next}`)]
}
