import type { MessageBody } from '@warbler/sdk'
import { useEffect, useState, type CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import { PaperclipIcon } from '../shared/icons.js'
import { fileUrl } from './file-upload.js'
import { useFileAccess } from './files-context.js'

type ImageBody = Extract<MessageBody, { type: 'image' }>
type FileBody = Extract<MessageBody, { type: 'file' }>

function useSignedUrl(fileId: string | undefined, direct: string | undefined, variant: 'original' | 'thumb'): string | undefined {
  const access = useFileAccess()
  const [url, setUrl] = useState<string | undefined>(direct)
  useEffect(() => {
    if (direct || !fileId || !access) return
    let live = true
    fileUrl(access, fileId, variant).then(
      (signed) => live && setUrl(signed),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [access, fileId, direct, variant])
  return url
}

function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return ''
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** Images show at most this tall (and never wider than the bubble). */
const MAX_IMAGE_HEIGHT = 320

/**
 * The box an image takes, from its stored width and height, before a byte of it has loaded: the
 * placeholder and the image are the same size, so nothing below moves or is cut off when it arrives.
 */
export function imageBox(width: number | undefined, height: number | undefined): CSSProperties | undefined {
  if (!width || !height) return undefined
  const shown = Math.min(width, Math.round((MAX_IMAGE_HEIGHT * width) / height))
  return { width: `${shown}px`, maxWidth: '100%', aspectRatio: `${width} / ${height}`, height: 'auto' }
}

/** An image message: the thumbnail, opening the original in a new tab. */
export function ImageView({ body }: { body: ImageBody }) {
  const { t } = useTranslation()
  const thumb = useSignedUrl(body.fileId, body.url, 'thumb')
  const original = useSignedUrl(body.fileId, body.url, 'original')
  const alt = body.name ?? t('chat.preview.image')
  const box = imageBox(body.width, body.height)
  if (!thumb) return <div className="image-placeholder" style={box} role="img" aria-label={alt} data-testid="image-placeholder" />
  return (
    <a href={original ?? thumb} target="_blank" rel="noopener noreferrer">
      <img className="message-image" src={thumb} alt={alt} loading="lazy" width={body.width} height={body.height} style={box} data-testid="message-image" />
    </a>
  )
}

/** A file message: name and size, a link to download it. */
export function FileView({ body }: { body: FileBody }) {
  const url = useSignedUrl(body.fileId, body.url, 'original')
  const label = (
    <>
      <PaperclipIcon size={14} /> {body.name} <span className="muted small">{formatSize(body.size)}</span>
    </>
  )
  return <p className="file-link">{url ? <a href={url} target="_blank" rel="noopener noreferrer" download={body.name}>{label}</a> : label}</p>
}
