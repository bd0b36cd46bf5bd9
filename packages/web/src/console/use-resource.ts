import { useCallback, useEffect, useState } from 'react'

/** What {@link useResource} gives: the data, the error, and a reload. */
export interface Resource<T> {
  data: T | undefined
  error: Error | undefined
  loading: boolean
  reload: () => void
}

/** Loads data with `load` whenever `key` changes; `reload()` loads it again. */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [data, setData] = useState<T | undefined>()
  const [error, setError] = useState<Error | undefined>()
  const [loading, setLoading] = useState(true)
  const [tick, setTick] = useState(0)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableLoad = useCallback(load, [key])
  useEffect(() => {
    let cancelled = false
    setLoading(true)
    stableLoad().then(
      (value) => {
        if (cancelled) return
        setData(value)
        setError(undefined)
        setLoading(false)
      },
      (cause: Error) => {
        if (cancelled) return
        setError(cause)
        setLoading(false)
      },
    )
    return () => {
      cancelled = true
    }
  }, [stableLoad, tick])
  return { data, error, loading, reload: () => setTick((value) => value + 1) }
}
