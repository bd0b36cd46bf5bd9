import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** Concepts of the fake embedding space: a text's vector counts the words of each concept it contains. */
const CONCEPTS = [
  ['refund', 'money back', '退款', '退钱'],
  ['shipping', 'delivery', '快递', '发货'],
  ['warranty', 'repair', '保修', '维修'],
]

/** The fake model's embedding of a text (also usable to check answers). */
export function fakeEmbedding(text: string): number[] {
  const lower = text.toLowerCase()
  return [...CONCEPTS.map((words) => words.filter((word) => lower.includes(word)).length), 0.01]
}

/**
 * A local HTTP server speaking the OpenAI `/v1/embeddings` wire format, for tests: no network
 * needed. Records every request body so tests can check batching and the model name.
 */
export async function startFakeEmbeddingsServer(options: { failFirst?: number } = {}): Promise<{ baseUrl: string; requests: { model: string; input: string[] }[]; close(): Promise<void> }> {
  const requests: { model: string; input: string[] }[] = []
  let failures = options.failFirst ?? 0
  const server = http.createServer((request, response) => {
    let body = ''
    request.on('data', (part: Buffer) => (body += part.toString()))
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
        response.writeHead(404).end()
        return
      }
      if (request.headers.authorization !== 'Bearer test-key') {
        response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'bad key' } }))
        return
      }
      if (failures > 0) {
        failures--
        response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'overloaded' } }))
        return
      }
      const parsed = JSON.parse(body) as { model: string; input: string[] }
      requests.push(parsed)
      const data = parsed.input.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) }))
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ object: 'list', model: parsed.model, data: data.reverse(), usage: { prompt_tokens: 5, total_tokens: 5 } }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
