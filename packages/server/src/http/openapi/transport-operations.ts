import { ResourceId } from '@warbler/protocol'
import { z } from 'zod'
import { AddDocumentJson } from '../../knowledge/knowledge-routes.js'
import type { DocumentedRoute } from './documented-route.js'

/**
 * Endpoints Fastify serves outside `registerRoutes` — they stream bytes in or out — described in the
 * route shape so the same builder writes them: the signed file and export downloads, and the
 * knowledge upload.
 */
export const TRANSPORT_OPERATIONS: readonly DocumentedRoute[] = [
  {
    method: 'GET',
    url: '/files/:fileId',
    summary: 'Download a file through a signed, expiring URL (as answered by uploadFile and getFileUrl).',
    tag: 'files',
    auth: 'none',
    params: z.object({ fileId: ResourceId }),
    query: z.object({
      app: ResourceId.describe('The app the file belongs to.'),
      exp: z.coerce.number().int().describe('Expiry, unix seconds.'),
      variant: z.enum(['thumb']).optional().describe('`thumb`: the WebP thumbnail of an image.'),
      sig: z.string().describe('The signature over app, file, expiry and variant.'),
    }),
    openapi: {
      operationId: 'downloadFile',
      description: 'The URL itself is the credential: use it as answered, before it expires. Raster images are served inline, everything else as an attachment.',
      security: [],
      errors: ['forbidden'],
      binaryResponse: { description: 'The file, with its stored content type.', ranges: true },
    },
  },
  {
    method: 'GET',
    url: '/api/v1/apps/:appId/exports/:exportId/download',
    summary: 'Download a ready export (a zip of JSON and files) through the signed, expiring `url` that getExport answers.',
    tag: 'compliance',
    auth: 'none',
    params: z.object({ appId: ResourceId, exportId: ResourceId }),
    query: z.object({ expires: z.coerce.number().int().describe('Expiry, as in the signed URL.'), signature: z.string().describe('The signature, as in the signed URL.') }),
    openapi: {
      operationId: 'downloadExport',
      description: 'The URL itself is the credential, so it can be handed to the user the export is about.',
      security: [],
      binaryResponse: { description: 'The export, `application/zip`, as an attachment.', contentType: 'application/zip' },
    },
  },
  {
    method: 'POST',
    url: '/api/v1/apps/:appId/knowledge-bases/:kbId/documents',
    summary: 'Add a document: multipart `file`, or JSON { title, text, format } or { url, crawl? }.',
    tag: 'knowledge',
    auth: 'app',
    params: z.object({ appId: ResourceId, kbId: z.string().min(1).max(64) }),
    response: z.object({ id: z.string(), status: z.enum(['queued', 'processing', 'ready', 'failed']) }),
    status: 202,
    openapi: {
      operationId: 'addKnowledgeBaseDocument',
      description: 'Ingestion runs in the background: poll getKnowledgeBaseDocument until `status` is `ready` or `failed`. Up to 50 MiB.',
      multipart: {
        file: 'file',
        fields: z.object({ title: z.string().optional(), tags: z.string().optional().describe('Comma-separated tags.') }),
        required: ['file'],
      },
      jsonBody: AddDocumentJson,
      errors: ['document_too_large'],
      examples: { request: { title: 'Refunds', text: '# Refunds\n\nWithin 30 days.', format: 'markdown' }, response: { id: 'doc_8f3k2m', status: 'queued' } },
    },
  },
]
