import { CLOSE_CODES as PROTOCOL_CLOSE_CODES } from '@warbler/protocol'
import { expect, it } from 'vitest'
import { CLOSE_CODES } from './close-codes.js'

it('the SDK copy of the close codes matches the protocol', () => {
  expect(CLOSE_CODES).toEqual(PROTOCOL_CLOSE_CODES)
})
