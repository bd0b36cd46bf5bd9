import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import { ResourceId, WarblerError } from '@warbler/protocol'
import { z } from 'zod'
import type { ServerContext } from '../server-context.js'
import { originOf, requireAccount, requireCsrfHeader } from './console-route.js'
import { roleAllows } from './roles.js'

/** The largest upload accepted here, as on the app API; the knowledge service enforces its own limit while streaming. */
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024
const Params = z.object({ appId: ResourceId, kbId: z.string().min(1).max(64) })

/**
 * `POST /api/v1/console/apps/{appId}/knowledge-bases/{kbId}/documents` (multipart `file`): the
 * console's file upload. The app API proxy forwards JSON only, so a PDF or a Word file picked in
 * the console comes here and is streamed into the knowledge service as the app API route does,
 * for a signed-in account with `apps.manage` (CSRF header required). The audit entry names the
 * account and reads like the app API route's.
 */
export function registerConsoleKnowledgeUpload(fastify: FastifyInstance, context: ServerContext): void {
  void fastify.register(async (scope) => {
    if (!scope.hasRequestDecorator('isMultipart')) await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } })
    scope.post('/api/v1/console/apps/:appId/knowledge-bases/:kbId/documents', async (request, reply) => {
      requireCsrfHeader(request)
      const account = await requireAccount(context, request)
      if (!roleAllows(account.role, 'apps.manage')) throw new WarblerError('forbidden', `The ${account.role} role may not do this (needs apps.manage).`)
      const parsed = Params.safeParse(request.params)
      if (!parsed.success) throw new WarblerError('validation_failed', 'Name an app and a knowledge base.')
      const { appId, kbId } = parsed.data
      await context.apps.require(appId)
      if (!request.isMultipart()) throw new WarblerError('validation_failed', 'Send the document as the multipart field `file`.')
      const file = await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } })
      if (!file) throw new WarblerError('validation_failed', 'Send the document as the multipart field `file`.')
      const title = (file.fields.title as { value?: unknown } | undefined)?.value
      const created = await context.knowledge.addDocument(appId, kbId, {
        kind: 'file', filename: file.filename, contentType: file.mimetype, data: file.file, ...(typeof title === 'string' && title !== '' ? { title } : {}),
      })
      reply.code(202)
      await context.console.audit({
        actorType: 'console', actorId: account.email, action: 'POST /api/v1/apps/:appId/knowledge-bases/:kbId/documents', appId,
        target: `/api/v1/apps/${appId}/knowledge-bases/${kbId}/documents`, status: 202, ...originOf(request),
      })
      return created
    })
  })
}
