import { randomBytes } from 'node:crypto'
import { AddressPolicy, type KnowledgeService } from '@warbler/ai'
import { describe, expect, it } from 'vitest'
import type { UserService } from '../domain/user-service.js'
import type { BotRecord, BotStore } from '../storage/bot-store.js'
import { configFromCreate } from './bot-config.js'
import { BotService } from './bot-service.js'
import { SecretBox } from './secret-box.js'

const box = new SecretBox(randomBytes(32))

function service(): BotService {
  // model() needs neither storage, users nor knowledge.
  return new BotService({ store: {} as BotStore, users: {} as UserService, box, knowledge: {} as KnowledgeService, providerPolicy: new AddressPolicy() })
}

function record(id: string, provider: { baseUrl: string; model: string; apiKey?: string } | undefined): BotRecord {
  return {
    appId: 'app',
    id,
    config: configFromCreate({ name: id, ...(provider ? { provider } : {}) }),
    apiKeyCiphertext: provider?.apiKey ? box.encrypt(provider.apiKey) : null,
    createdAt: 0,
    updatedAt: 0,
  }
}

describe('BotService.model', () => {
  it('builds a bot model once and hands the same one to later replies', () => {
    const bots = service()
    const bot = record('helper', { baseUrl: 'https://api.example.com/v1', model: 'chat', apiKey: 'sk-1' })
    const model = bots.model(bot)
    expect(model?.modelId).toBe('chat')
    expect(bots.model({ ...bot, config: { ...bot.config, name: 'renamed' } })).toBe(model)
    expect(bots.model(record('other', { baseUrl: 'https://api.example.com/v1', model: 'chat', apiKey: 'sk-1' }))).not.toBe(model)
  })

  it('builds a new model when the provider settings or the key change, and none without a provider', () => {
    const bots = service()
    const bot = record('helper', { baseUrl: 'https://api.example.com/v1', model: 'chat', apiKey: 'sk-1' })
    const model = bots.model(bot)
    const otherModel = bots.model({ ...bot, config: { ...bot.config, provider: { ...bot.config.provider!, model: 'chat-2' } } })
    expect(otherModel).not.toBe(model)
    expect(otherModel?.modelId).toBe('chat-2')
    expect(bots.model({ ...bot, apiKeyCiphertext: box.encrypt('sk-2') })).not.toBe(otherModel)
    expect(bots.model(record('extractive', undefined))).toBeUndefined()
  })
})
