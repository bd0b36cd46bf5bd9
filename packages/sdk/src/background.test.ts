import { describe, expect, it } from 'vitest'
import { inBackground, observed } from './background.js'

describe('inBackground', () => {
  it('hands a rejection, a synchronous throw and a failing handler to onError, never unhandled', async () => {
    const errors: unknown[] = []
    inBackground(() => Promise.reject(new Error('async')), (error) => errors.push(error))
    inBackground(() => {
      throw new Error('sync')
    }, (error) => errors.push(error))
    inBackground(() => Promise.reject(new Error('ignored')), () => {
      throw new Error('handler fails')
    })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(errors.map((error) => (error as Error).message).sort()).toEqual(['async', 'sync'])
  })
})

describe('observed', () => {
  it('still rejects for whoever awaits it', async () => {
    await expect(observed(Promise.reject(new Error('kept')))).rejects.toThrow('kept')
  })
})
