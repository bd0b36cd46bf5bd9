// The parser thread (see DocumentParser in document-parser.ts): parses and chunks one document at
// a time, so a large or hostile file costs this thread's heap and time, never the event loop's.
import { parentPort } from 'node:worker_threads'
import { parseAndChunk, type ParseRequest } from './parse-and-chunk.js'

parentPort!.on('message', async (message: { id: number; request: ParseRequest }) => {
  try {
    parentPort!.postMessage({ id: message.id, result: await parseAndChunk(message.request) })
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const wire = { message: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}) }
    parentPort!.postMessage({ id: message.id, error: wire })
  }
})
