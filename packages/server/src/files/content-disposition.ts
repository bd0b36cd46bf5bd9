/**
 * A safe `Content-Disposition` header for a user-given file name: an ASCII fallback `filename` and
 * the exact name as RFC 5987 `filename*` (UTF-8, percent-encoded). Quotes, control characters and
 * path separators never reach the header.
 *
 * @example
 * ```ts
 * contentDisposition('attachment', '报告 "final".pdf')
 * // attachment; filename="__ _final_.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%20%22final%22.pdf
 * ```
 */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(0, 255) || 'file'
  const fallback = cleaned.replace(/[^\x20-\x7e]|["%;]/g, '_')
  const encoded = encodeURIComponent(cleaned).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`
}
