import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AttemptScope } from './attempt-scope.js'
import { StreamDeadline } from './stream-deadline.js'

const firstTokenTimeout = new Error('no first token')
const idleTimeout = new Error('went silent')

/** A promise that settles `ms` from now (fake time), or never. */
function after<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms))
}
const never = (): Promise<never> => new Promise<never>(() => {})

/** Settles `promise` into what it did, so a rejection is not left unhandled while time advances. */
function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  )
}

let scope: AttemptScope
let deadline: StreamDeadline

beforeEach(() => {
  vi.useFakeTimers()
  scope = new AttemptScope(undefined)
  deadline = new StreamDeadline(scope, 100, () => firstTokenTimeout)
})

afterEach(() => {
  deadline.dispose()
  scope.dispose()
  vi.useRealTimers()
})

describe('stream deadline', () => {
  it('counts the first-token deadline over every read until it is switched, not per read', async () => {
    await vi.advanceTimersByTimeAsync(40) // the request itself
    const first = outcome(deadline.read(after(40, 'a')))
    await vi.advanceTimersByTimeAsync(40)
    expect(await first).toEqual({ value: 'a' })
    const second = outcome(deadline.read(after(40, 'b')))
    await vi.advanceTimersByTimeAsync(40)
    expect(await second).toEqual({ error: firstTokenTimeout })
    expect(scope.signal.reason).toBe(firstTokenTimeout)
  })

  it('gives every read its own idle deadline once switched, however long the stream runs', async () => {
    deadline.idleBetweenReads(100, () => idleTimeout)
    for (let index = 0; index < 20; index++) {
      const read = outcome(deadline.read(after(60, index)))
      await vi.advanceTimersByTimeAsync(60)
      expect(await read).toEqual({ value: index })
    }
    expect(scope.signal.aborted).toBe(false)
  })

  it('still fires mid-stream: a read waiting longer than the idle deadline aborts the attempt, even when the model ignores it', async () => {
    deadline.idleBetweenReads(100, () => idleTimeout)
    for (let index = 0; index < 5; index++) {
      const read = outcome(deadline.read(after(90, index)))
      await vi.advanceTimersByTimeAsync(90)
      expect(await read).toEqual({ value: index })
    }
    const stalled = outcome(deadline.read(never()))
    await vi.advanceTimersByTimeAsync(99)
    expect(scope.signal.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await stalled).toEqual({ error: idleTimeout })
    expect(scope.signal.reason).toBe(idleTimeout)
  })

  it('does not count the time between reads (a slow reader) against the idle deadline', async () => {
    deadline.idleBetweenReads(100, () => idleTimeout)
    await vi.advanceTimersByTimeAsync(500)
    const read = outcome(deadline.read(after(80, 'late but fine')))
    await vi.advanceTimersByTimeAsync(80)
    expect(await read).toEqual({ value: 'late but fine' })
    expect(scope.signal.aborted).toBe(false)
  })

  it('rejects a waiting read with the reason when the attempt is aborted, and later reads at once', async () => {
    const pending = outcome(deadline.read(never()))
    const reason = new Error('caller left')
    scope.abort(reason)
    expect(await pending).toEqual({ error: reason })
    expect(await outcome(deadline.read(Promise.resolve('too late')))).toEqual({ error: reason })
  })

  it('passes a failing read through and stops timing after dispose', async () => {
    const failure = new Error('upstream broke')
    expect(await outcome(deadline.read(Promise.reject(failure)))).toEqual({ error: failure })
    deadline.dispose()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(scope.signal.aborted).toBe(false)
  })
})
