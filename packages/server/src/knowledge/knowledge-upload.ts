import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import { ResourceId, WarblerError } from '@warbler/protocol'
import { z } from 'zod'
import { createAuthenticator } from '../http/authenticator.js'
import { defineRoute, registerRoutes } from '../http/route.js'
import type { ServerContext } from '../server-context.js'
import { AddDocumentJson, toDocumentContent } from './knowledge-routes.js'

/** The largest upload accepted; the knowledge service enforces its own limit (50 MiB) while streaming. */
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024

/**
 * `POST /api/v1/apps/{appId}/knowledge-bases/{kbId}/documents`: multipart `file` (streamed into the
 * knowledge service, never buffered whole), or JSON `{ title, text, format }` / `{ url, crawl? }`.
 * Call it after the file transport, which registers the multipart parser for the whole server.
 */
export function registerKnowledgeUpload(fastify: FastifyInstance, context: ServerContext): void {
  void fastify.register(async (scope) => {
    // The file routes register the multipart parser for the whole server; register it here only when absent.
    if (!scope.hasRequestDecorator('isMultipart')) await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } })
    const route = defineRoute({
      method: 'POST',
      url: '/api/v1/apps/:appId/knowledge-bases/:kbId/documents',
      summary: 'Add a document: multipart `file`, or JSON { title, text, format } or { url, crawl? }.',
      tag: 'knowledge',
      auth: 'app',
      params: z.object({ appId: ResourceId, kbId: z.string().min(1).max(64) }),
      status: 202,
      handler: async ({ params, request }) => {
        if (request.isMultipart()) {
          const file = await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } })
          if (!file) throw new WarblerError('validation_failed', 'Send the document as the multipart field `file`.')
          const field = (name: string) => {
            const value = file.fields[name] as { value?: unknown } | undefined
            return typeof value?.value === 'string' && value.value !== '' ? value.value : undefined
          }
          const title = field('title')
          const tags = field('tags')
          return context.knowledge.addDocument(
            params.appId,
            params.kbId,
            { kind: 'file', filename: file.filename, contentType: file.mimetype, data: file.file, ...(title ? { title } : {}) },
            tags ? { tags: tags.split(',').map((tag) => tag.trim()).filter(Boolean) } : {},
          )
        }
        const parsed = AddDocumentJson.safeParse(request.body ?? {})
        if (!parsed.success) throw new WarblerError('validation_failed', 'Send multipart `file`, or JSON { title, text, format } or { url }.')
        const { tags, ...content } = parsed.data
        return context.knowledge.addDocument(params.appId, params.kbId, toDocumentContent(content), tags ? { tags } : {})
      },
    })
    registerRoutes(scope, [route], createAuthenticator(context))
  })
}
