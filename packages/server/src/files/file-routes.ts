import type { MultipartFields } from '@fastify/multipart'
import { FileUrlQuery, FileUrlResponse, ResourceId, UploadedFile, UserId, WarblerError } from '@warbler/protocol'
import { z } from 'zod'
import { defineRoute } from '../http/route.js'
import type { ServerContext } from '../server-context.js'
import { authenticateFileCaller } from './file-caller.js'

const AppParams = z.object({ appId: ResourceId })
const FileParams = z.object({ appId: ResourceId, fileId: ResourceId })

function field(fields: MultipartFields, name: string): string | undefined {
  const entry = fields[name]
  const single = Array.isArray(entry) ? entry[0] : entry
  return single && single.type === 'field' && typeof single.value === 'string' ? single.value : undefined
}

/** File routes: multipart upload, and signed download URLs for members. */
export function fileRoutes(context: ServerContext) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/files',
      summary:
        'Upload a file (multipart/form-data: a `conversationId` field, then the `file` part). Bearer app secret or user token; a user must be a member of the conversation.',
      tag: 'files',
      auth: 'none',
      params: AppParams,
      response: UploadedFile,
      status: 201,
      openapi: {
        operationId: 'uploadFile',
        security: ['appSecret', 'userToken', 'operatorKey'],
        multipart: {
          file: 'file',
          fields: z.object({ conversationId: ResourceId, uploaderId: UserId.optional().describe('With the app secret: the member the file is from.') }),
          required: ['conversationId', 'file'],
        },
        errors: ['forbidden', 'not_member', 'conversation_not_found'],
      },
      handler: async ({ params, request }) => {
        const caller = await authenticateFileCaller(context, request, params.appId)
        if (!request.isMultipart()) throw new WarblerError('unsupported_media_type', 'Send multipart/form-data with a conversationId field and a file part.')
        const maxBytes = context.files.settings.maxUploadBytes
        const part = await request.file({ limits: { fileSize: maxBytes + 1, files: 1, fields: 10, fieldSize: 1024, parts: 12 } })
        if (!part) throw new WarblerError('validation_failed', 'The request has no file part.')
        const conversationId = ResourceId.safeParse(field(part.fields, 'conversationId'))
        if (!conversationId.success) {
          part.file.resume()
          throw new WarblerError('validation_failed', 'conversationId: send the conversationId field before the file part.')
        }
        const uploaderText = field(part.fields, 'uploaderId')
        const uploaderId = uploaderText === undefined ? undefined : UserId.safeParse(uploaderText)
        if (uploaderId && !uploaderId.success) {
          part.file.resume()
          throw new WarblerError('validation_failed', 'uploaderId: not a valid user id.')
        }
        const record = await context.files.upload(params.appId, caller, {
          conversationId: conversationId.data,
          ...(uploaderId?.success ? { uploaderId: uploaderId.data } : {}),
          name: (part.filename || 'file').trim().slice(0, 512) || 'file',
          declaredMime: part.mimetype,
          stream: part.file,
        })
        const { id, name, mime, size, sha256, width, height } = record
        return { id, name, mime, size, sha256, width, height, ...context.files.signedUrl(record, 'original') }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/apps/:appId/files/:fileId/url',
      summary: 'A signed, expiring download URL (original or `thumb`) for a member of the file’s conversation, or for the app.',
      tag: 'files',
      auth: 'none',
      params: FileParams,
      query: FileUrlQuery,
      response: FileUrlResponse,
      openapi: { security: ['appSecret', 'userToken', 'operatorKey'], errors: ['forbidden', 'not_member'] },
      handler: async ({ params, query, request }) => {
        const caller = await authenticateFileCaller(context, request, params.appId)
        return context.files.downloadUrl(params.appId, caller, params.fileId, { variant: query.variant, ttlSeconds: query.ttlSeconds })
      },
    }),
  ]
}
