import { useCallback, useRef } from 'react'

/** Gives every body cell of a table the text of its column's header as `data-label` (colspans counted). */
export function labelCells(table: HTMLTableElement): void {
  const headers: string[] = []
  for (const cell of Array.from(table.tHead?.rows[0]?.cells ?? [])) {
    const text = (cell.textContent ?? '').trim()
    for (let span = 0; span < cell.colSpan; span++) headers.push(text)
  }
  for (const body of Array.from(table.tBodies)) {
    for (const row of Array.from(body.rows)) {
      let column = 0
      for (const cell of Array.from(row.cells)) {
        const label = cell.colSpan > 1 ? '' : (headers[column] ?? '')
        if (cell.getAttribute('data-label') !== label && !cell.hasAttribute('data-label-fixed')) cell.setAttribute('data-label', label)
        column += cell.colSpan
      }
    }
  }
}

/**
 * A ref for a `<table className="stacked-table">`: keeps each cell labelled with its column's
 * header as rows come and go, so on a phone every row reads as a card of "column: value" lines
 * (see `.stacked-table` in console.css) instead of a table that scrolls sideways.
 */
export function useStackedTable(): (table: HTMLTableElement | null) => void {
  const observer = useRef<MutationObserver | undefined>(undefined)
  return useCallback((table: HTMLTableElement | null) => {
    observer.current?.disconnect()
    observer.current = undefined
    if (!table) return
    labelCells(table)
    observer.current = new MutationObserver(() => labelCells(table))
    observer.current.observe(table, { childList: true, subtree: true, characterData: true })
  }, [])
}
