import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import { WarblerError } from '@warbler/protocol'
import type { ServerContext } from '../server-context.js'
import { contentDisposition } from './content-disposition.js'
import { RASTER_IMAGES } from './content-type-check.js'

/**
 * Registers what file routes need besides JSON routes: the multipart parser, and `GET /files/:fileId`,
 * which serves a signed download URL: checked signature and expiry, the stored type, a safe
 * Content-Disposition, `nosniff`, a sandboxing CSP, and single byte ranges.
 */
export function registerFileTransport(fastify: FastifyInstance, context: Pick<ServerContext, 'files'>): void {
  void fastify.register(multipart)
  fastify.get('/files/:fileId', async (request, reply) => {
    const { fileId } = request.params as { fileId: string }
    let opened
    try {
      opened = await context.files.open(request.query as Record<string, unknown>, fileId, request.headers.range)
    } catch (error) {
      const size = (error as { size?: number }).size
      if (WarblerError.isInstance(error) && size !== undefined) {
        reply.header('content-range', `bytes */${size}`)
        return reply.code(416).send(error.toBody())
      }
      throw error
    }
    const { record, stream, mime, size, range } = opened
    const inline = RASTER_IMAGES.has(mime)
    const name = mime === 'image/webp' && record.mime !== 'image/webp' ? `${record.name}.thumb.webp` : record.name
    reply
      .header('content-type', mime)
      .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', name))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=300')
      .header('accept-ranges', 'bytes')
    if (range) {
      reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', String(range.end - range.start + 1))
    } else {
      reply.code(200).header('content-length', String(size))
    }
    return reply.send(stream)
  })
}
