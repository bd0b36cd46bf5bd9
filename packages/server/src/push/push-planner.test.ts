import { describe, expect, it } from 'vitest'
import type { EventRecord, Storage } from '../storage/storage.js'
import { PushPlanner } from './push-planner.js'

/** A planner over a push store that only answers whether the app has devices (none), counting the questions. */
function plannerWithoutDevices() {
  let lookups = 0
  let answer!: (has: boolean) => void
  const push = {
    appHasTargets: () => {
      lookups++
      return new Promise<boolean>((resolve) => (answer = resolve))
    },
  }
  const deps = { storage: { push } as unknown as Storage, caches: {}, apps: {}, presence: {}, logger: {} } as unknown as ConstructorParameters<typeof PushPlanner>[0]
  const planner = new PushPlanner(deps, () => {})
  return { planner, lookups: () => lookups, answer: (has: boolean) => answer(has) }
}

const message = (seq: number): EventRecord => ({ conversationId: 'c1', seq, senderId: 'ann', kind: 'message', body: { type: 'text', text: 'hi' }, ts: 1 }) as EventRecord

describe('PushPlanner', () => {
  it('asks once whether an app has push devices for all the messages that arrive while it asks, and remembers the answer', async () => {
    const { planner, lookups, answer } = plannerWithoutDevices()
    const planned = Array.from({ length: 50 }, (_, index) => planner.messageCreated('app_a', message(index + 1)))
    await Promise.resolve()
    expect(lookups()).toBe(1)
    answer(false)
    await Promise.all(planned)
    await planner.messageCreated('app_a', message(51))
    expect(lookups()).toBe(1)
  })

  it('asks again once a device is registered on this node', async () => {
    const { planner, lookups, answer } = plannerWithoutDevices()
    const first = planner.messageCreated('app_a', message(1))
    answer(false)
    await first
    planner.targetsChanged('app_a')
    const second = planner.messageCreated('app_a', message(2))
    await Promise.resolve()
    expect(lookups()).toBe(2)
    answer(false)
    await second
  })
})
