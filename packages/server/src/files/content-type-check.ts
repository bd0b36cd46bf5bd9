import { fileTypeFromBuffer } from 'file-type'
import { WarblerError } from '@warbler/protocol'

/** Bytes file-type needs to recognise every format it knows. */
export const SNIFF_BYTES = 4100

/** Raster images the server decodes for size and thumbnails (and serves inline). */
export const RASTER_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])

const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'audio/mp3': 'audio/mpeg',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'video/quicktime': 'video/quicktime',
  'application/x-zip-compressed': 'application/zip',
  'application/x-pdf': 'application/pdf',
}

/** Families whose files always carry a signature: declaring one with content that has none is a lie. */
const SIGNED_FAMILIES = [/^image\/(?!svg)/, /^audio\//, /^video\//, /^application\/(pdf|zip|gzip|x-7z|x-rar|vnd\.openxmlformats)/]

function normalise(mime: string): string {
  const bare = mime.split(';')[0]!.trim().toLowerCase()
  return ALIASES[bare] ?? bare
}

/**
 * Decides the stored media type from the first bytes and the declared type: the sniffed type wins,
 * and a declared type that contradicts the content is refused (`unsupported_media_type`).
 * Content without a known signature (text, CSV, JSON...) keeps its declared type.
 *
 * @example
 * ```ts
 * await decideMime(head, 'image/png') // 'image/png', or throws when head is a PDF
 * ```
 */
export async function decideMime(head: Buffer, declared: string | undefined): Promise<string> {
  const claimed = declared ? normalise(declared) : 'application/octet-stream'
  const sniffed = (await fileTypeFromBuffer(head))?.mime
  if (sniffed) {
    const actual = normalise(sniffed)
    if (claimed !== 'application/octet-stream' && claimed !== actual && !sameContainer(claimed, actual)) {
      throw new WarblerError('unsupported_media_type', `The file is declared as ${claimed} but its content is ${actual}.`)
    }
    return actual
  }
  if (SIGNED_FAMILIES.some((family) => family.test(claimed))) {
    throw new WarblerError('unsupported_media_type', `The file is declared as ${claimed} but its content is not.`)
  }
  return /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(claimed) ? claimed : 'application/octet-stream'
}

/** Office files are zip containers; a declared docx sniffed as zip (or the reverse) is consistent. */
function sameContainer(claimed: string, actual: string): boolean {
  const zipLike = (mime: string) => mime === 'application/zip' || mime.startsWith('application/vnd.openxmlformats') || mime === 'application/epub+zip'
  return zipLike(claimed) && zipLike(actual)
}
