import { useEffect, useState } from 'react'

function read(name: string): string | undefined {
  const query = location.hash.split('?')[1]
  return query === undefined ? undefined : (new URLSearchParams(query).get(name) ?? undefined)
}

/**
 * A parameter of the console address after the screen (`#/users?id=alice` → `id` is `alice`), kept
 * in step with the address, so a detail view can be linked to, reloaded and left with Back.
 */
export function useHashParam(name: string): string | undefined {
  const [value, setValue] = useState(() => read(name))
  useEffect(() => {
    const onChange = () => setValue(read(name))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [name])
  return value
}
