import { randomBytes } from 'node:crypto'
import type { ClientFrame } from '@warbler/protocol'
import { expect, it } from 'vitest'
import { SecretBox } from '../bots/secret-box.js'
import { sharedBoxes } from '../compliance/keys/app-keyring.js'
import { IdentitySecrets, userHashOf } from './identity-secrets.js'
import { checkVisitorFrame } from './visitor-gate.js'
import { identifiedVisitorId, isVisitorId, newAnonymousVisitorId, visitorKeyOf } from './visitor-ids.js'

it('userHash is the hex HMAC-SHA256 of the user id under the identity secret (RFC 4231 case 2)', () => {
  expect(userHashOf('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843')
})

it('identity secrets are stored encrypted, verify only their own hash, and rotation retires the old one', async () => {
  const values = new Map<string, string>()
  const store = {
    get: async (key: string) => values.get(key),
    set: async (key: string, value: string) => void values.set(key, value),
    setIfAbsent: async (key: string, value: string) => values.get(key) ?? (values.set(key, value), value),
  }
  const secrets = new IdentitySecrets(store, sharedBoxes(new SecretBox(randomBytes(32))), 0)
  expect(await secrets.verify('app_1', 'u1', 'a'.repeat(64))).toBe(false)
  const first = await secrets.rotate('app_1')
  expect([...values.values()].join()).not.toContain(first)
  expect(await secrets.verify('app_1', 'u1', userHashOf(first, 'u1'))).toBe(true)
  expect(await secrets.verify('app_1', 'u2', userHashOf(first, 'u1'))).toBe(false)
  expect(await secrets.verify('app_2', 'u1', userHashOf(first, 'u1'))).toBe(false)
  const second = await secrets.rotate('app_1')
  expect(await secrets.verify('app_1', 'u1', userHashOf(first, 'u1'))).toBe(false)
  expect(await secrets.verify('app_1', 'u1', userHashOf(second, 'u1').toUpperCase())).toBe(true)
})

it('visitor ids and keys', () => {
  const id = newAnonymousVisitorId()
  expect(isVisitorId(id)).toBe(true)
  expect(isVisitorId(identifiedVisitorId('user-1'))).toBe(true)
  expect(isVisitorId('alice')).toBe(false)
  const key = randomBytes(32).toString('base64url')
  expect(visitorKeyOf(key, id)).toBe(visitorKeyOf(key, id))
  expect(visitorKeyOf(key, id)).not.toBe(visitorKeyOf(key, newAnonymousVisitorId()))
})

it('the gate lets visitors register and remove their own browser for notifications', async () => {
  const apps = { settings: async () => ({ widget: { botId: 'helper' } }) } as never
  const register = { type: 'push.register', id: 'r1', deviceId: 'widget-1', target: { provider: 'webpush', subscription: { endpoint: 'https://push.example/x', keys: { p256dh: 'p', auth: 'a' } } } } as ClientFrame
  await expect(checkVisitorFrame(apps, 'app_1', 'visitor:abc', register)).resolves.toBeUndefined()
  await expect(checkVisitorFrame(apps, 'app_1', 'visitor:abc', { type: 'push.unregister', id: 'r2', deviceId: 'widget-1' } as ClientFrame)).resolves.toBeUndefined()
  // Still nothing else: other users' presence stays closed.
  await expect(checkVisitorFrame(apps, 'app_1', 'visitor:abc', { type: 'presence.subscribe', id: 'r3', userIds: ['alice'] } as ClientFrame)).rejects.toMatchObject({ code: 'forbidden' })
})

it('the gate lets visitors reach only the widget bot, and leaves other users alone', async () => {
  const apps = { settings: async () => ({ widget: { botId: 'helper' } }) } as never
  const open = (peerId: string) => ({ type: 'conversation.open-direct', id: 'r1', peerId }) as ClientFrame
  await expect(checkVisitorFrame(apps, 'app_1', 'visitor:abc', open('helper'))).resolves.toBeUndefined()
  await expect(checkVisitorFrame(apps, 'app_1', 'visitor:abc', open('alice'))).rejects.toMatchObject({ code: 'forbidden' })
  await expect(checkVisitorFrame(apps, 'app_1', 'visitor:abc', { type: 'friend.list', id: 'r2' } as ClientFrame)).rejects.toMatchObject({ code: 'forbidden' })
  await expect(checkVisitorFrame(apps, 'app_1', 'alice', open('bob'))).resolves.toBeUndefined()
  const noWidget = { settings: async () => ({}) } as never
  await expect(checkVisitorFrame(noWidget, 'app_1', 'visitor:abc', open('helper'))).rejects.toMatchObject({ code: 'forbidden' })
})
