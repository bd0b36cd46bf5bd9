import JSZip from 'jszip'
import { makeDocx } from '../../testing/document-fixtures.js'

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'

/** A valid DOCX whose document.xml is `bytes` of repeated paragraphs: a few KB compressed. */
export async function makeDocxBomb(bytes: number): Promise<Buffer> {
  const paragraph = '<w:p><w:r><w:t>All work and no play makes Jack a dull boy. 只工作不玩耍，聪明孩子也变傻。</w:t></w:r></w:p>'
  const head = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
  const tail = '</w:body></w:document>'
  const count = Math.ceil((bytes - head.length - tail.length) / Buffer.byteLength(paragraph))
  const zip = new JSZip()
  zip.file('[Content_Types].xml', CONTENT_TYPES)
  zip.file('_rels/.rels', RELS)
  zip.file('word/document.xml', head + paragraph.repeat(count) + tail)
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } })
}

/**
 * A zip of `entries` empty stored entries, written by hand (fast for 100k), with a zip64 end
 * record when the count does not fit 16 bits. `declaredEntries` makes the end record lie.
 */
export function makeZipWithEntries(entries: number, declaredEntries = entries): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (let index = 0; index < entries; index++) {
    const name = Buffer.from(`word/media/e${index}.bin`)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(10, 4)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(10, 4)
    central.writeUInt16LE(10, 6)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name)
    centrals.push(central, name)
    offset += 30 + name.length
  }
  const directory = Buffer.concat(centrals)
  const end: Buffer[] = []
  const zip64 = declaredEntries > 0xfffe
  if (zip64) {
    const record = Buffer.alloc(56)
    record.writeUInt32LE(0x06064b50, 0)
    record.writeBigUInt64LE(44n, 4)
    record.writeBigUInt64LE(BigInt(declaredEntries), 24)
    record.writeBigUInt64LE(BigInt(declaredEntries), 32)
    record.writeBigUInt64LE(BigInt(directory.length), 40)
    record.writeBigUInt64LE(BigInt(offset), 48)
    const locator = Buffer.alloc(20)
    locator.writeUInt32LE(0x07064b50, 0)
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8)
    locator.writeUInt32LE(1, 16)
    end.push(record, locator)
  }
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(zip64 ? 0xffff : declaredEntries, 8)
  eocd.writeUInt16LE(zip64 ? 0xffff : declaredEntries, 10)
  eocd.writeUInt32LE(directory.length, 12)
  eocd.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, ...end, eocd])
}

/**
 * {@link makeDocxBomb} with the uncompressed size of document.xml rewritten to `declared` in both
 * its central-directory and local headers: an archive that lies about how far it inflates.
 */
export async function makeDocxWithLyingSize(bytes: number, declared: number): Promise<Buffer> {
  const zip = await makeDocxBomb(bytes)
  const name = Buffer.from('word/document.xml')
  for (let position = 0; position < zip.length - 46; position++) {
    const signature = zip.readUInt32LE(position)
    if (signature === 0x02014b50 && zip.subarray(position + 46, position + 46 + name.length).equals(name)) zip.writeUInt32LE(declared, position + 24)
    if (signature === 0x04034b50 && zip.subarray(position + 30, position + 30 + name.length).equals(name)) zip.writeUInt32LE(declared, position + 22)
  }
  return zip
}

/**
 * A valid DOCX of about `bytes` of document.xml that is mostly run formatting around one short
 * word per paragraph: slow to parse, yet only a few hundred chunks of text.
 */
export async function makeMarkupHeavyDocx(bytes: number): Promise<Buffer> {
  const paragraph = (index: number) =>
    `<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr><w:r><w:rPr><w:b/><w:i/><w:u w:val="single"/><w:color w:val="1F4E79"/><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">w${index % 997} </w:t></w:r></w:p>`
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>']
  let size = parts[0]!.length
  for (let index = 0; size < bytes; index++) {
    const next = paragraph(index)
    parts.push(next)
    size += next.length
  }
  parts.push('</w:body></w:document>')
  const zip = new JSZip()
  zip.file('[Content_Types].xml', CONTENT_TYPES)
  zip.file('_rels/.rels', RELS)
  zip.file('word/document.xml', parts.join(''))
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}
