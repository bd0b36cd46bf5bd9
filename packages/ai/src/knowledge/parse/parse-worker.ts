// The parser process (see DocumentParser in document-parser.ts): parses and chunks one document at
// a time, so a large or hostile file costs this process's heap and time, never the server's event
// loop or memory. It ends with its parent.
import { parseAndChunk, type ParseRequest } from './parse-and-chunk.js'

process.on('disconnect', () => process.exit(0))
process.on('message', async (message: { id: number; request: ParseRequest }) => {
  try {
    process.send!({ id: message.id, result: await parseAndChunk(message.request) })
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const wire = { message: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}) }
    process.send!({ id: message.id, error: wire })
  }
})
