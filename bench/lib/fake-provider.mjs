// Child process for the bot-relay bench (bench/bot-relay.mjs): runs the fake OpenAI-compatible
// provider of packages/ai/src/testing/fake-openai-server.ts as a real HTTP server on 127.0.0.1 and
// records when every streamed content chunk is written to its socket.
//
// The testing module is not part of packages/ai/dist (tsconfig excludes it), so its four .ts files
// are transpiled with the repo's TypeScript into a temp dir and imported from there; packages/ is
// not touched. Emission times are taken by wrapping ServerResponse.prototype.write in this process
// (only the fake server writes responses here): `performance.timeOrigin + performance.now()`
// immediately before the chunk is handed to the socket.
//
// IPC with the parent: sends { ready, baseURL } once; answers { id, result } to
//   { id, command: 'rate', tokensPerSecond }  → every following chat request streams at that rate
//   { id, command: 'take' }                   → the emissions recorded since the last take
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'

const SOURCES = ['fake-openai-server', 'fake-behaviour', 'fake-embedding', 'fake-tokenizer']
const SOURCE_DIR = fileURLToPath(new URL('../../packages/ai/src/testing/', import.meta.url))
/** The words a reply is made of after its tag (letters only: one token each for the fake tokenizer). */
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima']

const now = () => performance.timeOrigin + performance.now()

/** Transpiles the fake server's sources into a fresh ESM temp dir; returns the dir. */
function transpileFakeServer() {
  const dir = mkdtempSync(join(tmpdir(), 'warbler-bench-fake-'))
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}')
  for (const name of SOURCES) {
    const source = readFileSync(join(SOURCE_DIR, `${name}.ts`), 'utf8')
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
    writeFileSync(join(dir, `${name}.js`), outputText)
  }
  return dir
}

/** The text of the last user message of a chat request. */
function lastUserText(body) {
  const last = [...(body?.messages ?? [])].reverse().find((message) => message?.role === 'user')
  const content = last?.content
  if (typeof content === 'string') return content
  return Array.isArray(content) ? content.map((part) => part?.text ?? '').join('') : ''
}

/** The reply to a question: the question's tag (one token), then `tokens - 1` words. */
function replyFor(question, tokens) {
  const tag = question.trim().split(/\s+/).pop()
  return tag + Array.from({ length: tokens - 1 }, (_, index) => ` ${WORDS[index % WORDS.length]}`).join('')
}

/** Wraps ServerResponse.write so that every SSE content chunk is recorded with its emission time. */
function recordEmissions(streams) {
  const write = ServerResponse.prototype.write
  ServerResponse.prototype.write = function (chunk, ...rest) {
    if (typeof chunk === 'string' && chunk.startsWith('data: {"id"')) {
      const at = now()
      const payload = JSON.parse(chunk.slice(6))
      const text = payload.choices?.[0]?.delta?.content
      if (text) {
        const stream = streams.get(payload.id) ?? { tag: text.trim(), times: [], texts: [] }
        streams.set(payload.id, stream)
        stream.times.push(at)
        stream.texts.push(text)
      }
    }
    return write.call(this, chunk, ...rest)
  }
}

/** Starts the fake server and serves the parent's commands until it disconnects. */
async function main() {
  const tokens = Number(process.env.BENCH_TOKENS_PER_REPLY ?? 60)
  const dir = transpileFakeServer()
  const { startFakeOpenAIServer } = await import(pathToFileURL(join(dir, 'fake-openai-server.js')).href)
  const streams = new Map()
  recordEmissions(streams)
  const server = await startFakeOpenAIServer({ apiKey: 'sk-bench', models: ['fake-chat'], defaultReply: (body) => replyFor(lastUserText(body), tokens) })
  const commands = {
    rate: ({ tokensPerSecond }) => {
      server.reset()
      server.script([{ tokensPerSecond, times: Infinity }])
      return true
    },
    take: () => {
      const taken = [...streams.values()]
      streams.clear()
      server.requests.length = 0
      return taken
    },
  }
  process.on('message', ({ id, command, ...commandArgs }) => process.send({ id, result: commands[command](commandArgs) }))
  process.on('disconnect', async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
    process.exit(0)
  })
  process.send({ ready: true, baseURL: server.baseURL })
}

await main()
