import { startFakeOpenAIServer, type FakeOpenAIServer } from '../../../ai/src/testing/fake-openai-server.js'
import type { EvaluationOptions } from '../../src/evaluations/create-evaluations.js'
import { createUsers, startTestServer, type TestServer } from '../helpers/test-server.js'
import { FAST_WEBHOOKS } from '../webhooks/receiver.js'

/** The knowledge base of the evaluation tests: prices and opening hours. */
export const PRICING_DOC = [
  '# Plans and prices',
  '',
  'The Pro plan costs 99 yuan per month, billed monthly. The Team plan costs 299 yuan per month for up to ten seats.',
  '',
  '# Opening hours',
  '',
  'Our support desk is open from 9:00 to 18:00, Monday to Friday, Beijing time.',
].join('\n')

/** What the fake model answers: a price question gets "¥99", anything else a polite "not sure". */
export function modelReply(body: any): string {
  const system = String(body?.messages?.[0]?.content ?? '')
  const question = String(body?.messages?.at(-1)?.content ?? '')
  if (/grade/i.test(system)) return /¥99/.test(question.split('Answer:\n').at(-1) ?? '') ? 'GRADE: 9\nCorrect.' : 'GRADE: 2\nMisses the price.'
  if (/pro plan/i.test(question)) return 'The Pro plan is ¥99 a month [1].'
  if (/open|hours/i.test(question)) return 'We are open 9:00–18:00 on weekdays [1].'
  return 'I am not sure; I can connect you with a person.'
}

/** The fake model's slow variant (for runs that must still be going when the server stops). */
export interface EvaluationFixture {
  server: TestServer
  provider: FakeOpenAIServer
  app: { id: string; secret: string }
  tokens: Record<string, string>
  kbId: string
  documentId: string
  rest: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>
  close(): Promise<void>
}

/** A server (optionally on a given data dir) with a fake provider, an app, people and the pricing knowledge base. */
export async function startEvaluationFixture(options: { dataDir?: string; evaluations?: EvaluationOptions; provider?: FakeOpenAIServer; people?: string[] } = {}): Promise<EvaluationFixture> {
  const provider = options.provider ?? (await startFakeOpenAIServer({ models: ['fake-small', 'fake-large'], defaultReply: modelReply }))
  const server = await startTestServer({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    server: {
      webhooks: FAST_WEBHOOKS,
      bots: { outboundAllowlist: ['127.0.0.0/8'], resilience: { maxAttemptsPerModel: 1, firstTokenTimeoutMs: 5_000, idleTimeoutMs: 5_000 } },
      evaluations: options.evaluations ?? { worker: { pollMs: 100, heartbeatMs: 100, staleMs: 600 } },
    },
  })
  const app = await server.createApp()
  const tokens = await createUsers(server, app, options.people ?? ['alice', 'bob'])
  const rest = (method: string, path: string, body?: unknown) => server.rest(method, `/api/v1/apps/${app.id}${path}`, { secret: app.secret, ...(body === undefined ? {} : { body }) })
  const kb = await rest('POST', '/knowledge-bases', { name: 'Pricing' })
  const document = await rest('POST', `/knowledge-bases/${kb.body.id}/documents`, { title: 'Plans and hours', text: PRICING_DOC, format: 'markdown' })
  await server.server.context.knowledge.whenIdle()
  return {
    server, provider, app, tokens, kbId: kb.body.id, documentId: document.body.id, rest,
    async close() {
      await server.close()
      if (!options.provider) await provider.close()
    },
  }
}

/** Polls a run until it is no longer queued or running. */
export async function waitForRun(fixture: { rest: EvaluationFixture['rest'] }, runId: string, until: (run: any) => boolean = (run) => run.status !== 'queued' && run.status !== 'running', timeoutMs = 20_000, intervalMs = 50): Promise<any> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { body } = await fixture.rest('GET', `/eval-runs/${runId}`)
    if (until(body)) return body
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${body.status} (${body.completed}/${body.total})`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
