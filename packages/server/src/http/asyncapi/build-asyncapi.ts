import { ClientFrame, PROTOCOL_VERSION } from '@warbler/protocol'
import { z } from 'zod'
import { allowNewFields } from '../openapi/json-schema.js'
import { CLIENT_FRAME_SUMMARIES } from './frame-summaries.js'
import { SERVER_FRAMES } from './server-frames.js'

type Json = Record<string, unknown>

/** The request frames whose answer is a frame other than `result`. */
const REPLIES: Readonly<Record<string, string>> = { auth: 'welcome', ping: 'pong', 'message.send': 'ack' }

function payloadOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _ignored, ...payload } = z.toJSONSchema(schema, { io, target: 'draft-7', unrepresentable: 'any' }) as Json
  // Server frames gain fields over time; a strict client must not refuse them for that.
  return (io === 'output' ? allowNewFields(payload) : payload) as Json
}

function pascal(type: string): string {
  return type
    .split(/[.\-_]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
}

function typeOf(schema: z.ZodObject): string {
  return (schema.shape.type as z.ZodLiteral<string>).value
}

/**
 * The AsyncAPI 3 document of the WebSocket at `/ws`, generated from the zod frames of
 * `@warbler/protocol`: one message per client frame (what `ClientFrame` validates) and per server
 * frame, a `send` operation per client frame and a `receive` operation per server frame.
 *
 * @example
 * ```ts
 * const document = buildAsyncApi({ version: '0.1.0' })
 * document.operations.sendMessageSend.reply // the ack
 * ```
 */
export function buildAsyncApi(options: { version: string }): Json {
  const messages: Json = {}
  const channelMessages: Json = {}
  const operations: Json = {}
  const add = (key: string, message: Json) => {
    messages[key] = message
    channelMessages[key] = { $ref: `#/components/messages/${key}` }
  }
  for (const frame of SERVER_FRAMES) {
    const type = typeOf(frame.schema)
    add(`server.${type}`, { name: type, title: `${type} (server → client)`, summary: frame.summary, contentType: 'application/json', payload: payloadOf(frame.schema, 'output') })
    operations[`receive${pascal(type)}`] = {
      action: 'receive',
      channel: { $ref: '#/channels/ws' },
      summary: frame.summary,
      messages: [{ $ref: `#/channels/ws/messages/server.${type}` }],
    }
  }
  for (const option of ClientFrame.options) {
    const type = typeOf(option as z.ZodObject)
    add(`client.${type}`, { name: type, title: `${type} (client → server)`, summary: CLIENT_FRAME_SUMMARIES[type] ?? `The \`${type}\` frame.`, contentType: 'application/json', payload: payloadOf(option, 'input') })
    const hasId = 'id' in (option as z.ZodObject).shape
    const reply = REPLIES[type] ?? (hasId ? 'result' : undefined)
    operations[`send${pascal(type)}`] = {
      action: 'send',
      channel: { $ref: '#/channels/ws' },
      summary: `${CLIENT_FRAME_SUMMARIES[type] ?? `Send \`${type}\`.`}${reply ? ` The server answers \`${reply}\` (or \`error\`) with the same \`id\`.` : ''}`,
      messages: [{ $ref: `#/channels/ws/messages/client.${type}` }],
      ...(reply
        ? { reply: { channel: { $ref: '#/channels/ws' }, messages: [{ $ref: `#/channels/ws/messages/server.${reply}` }, { $ref: '#/channels/ws/messages/server.error' }] } }
        : {}),
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Warbler WebSocket protocol',
      version: options.version,
      description: `The real-time protocol of Warbler (protocol v${PROTOCOL_VERSION}). Every frame is a JSON object with a \`type\`. Connect to \`/ws\`, send \`auth\` with a user token first; request frames carry an \`id\` that their answer repeats. The REST API is described at /api/v1/openapi.json.`,
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/json',
    servers: {
      warbler: {
        host: '{host}',
        protocol: 'wss',
        description: 'The Warbler server (use `ws` without TLS, for example in development).',
        variables: { host: { default: 'localhost:8080', description: 'Host and port of your Warbler server.' } },
        security: [{ $ref: '#/components/securitySchemes/userToken' }],
      },
    },
    channels: {
      ws: { address: '/ws', title: 'The WebSocket', description: 'One connection per device; frames in both directions.', messages: channelMessages },
    },
    operations,
    components: {
      messages,
      securitySchemes: {
        userToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'The user token your backend mints with `createUserToken`, sent in-band as the first frame `{ "type": "auth", "token": "…" }` (not as an HTTP header). Without it in time the server closes the connection with `auth_timeout`.',
        },
      },
    },
  }
}
