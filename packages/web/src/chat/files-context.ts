import { createContext, useContext } from 'react'
import type { FileAccess } from './file-upload.js'

/** How message bubbles reach files: the app and the user token (undefined until connected). */
export const FilesContext = createContext<FileAccess | undefined>(undefined)

/** The file access of the signed-in user. */
export function useFileAccess(): FileAccess | undefined {
  return useContext(FilesContext)
}
