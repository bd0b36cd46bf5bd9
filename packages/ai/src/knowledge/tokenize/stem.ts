/**
 * A light English stemmer: folds plurals, possessives and the common `-ing` / `-ed` / `-ly`
 * endings, so "rivers" finds "river" and "founded" finds "founding". It is deliberately crude:
 * the same function runs on the index and on the query, so a wrong stem still matches itself.
 */
export function stemEnglish(word: string): string {
  let w = word
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w
  if (w.endsWith("'s")) w = w.slice(0, -2)
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y'
  if (w.endsWith('sses')) return w.slice(0, -2)
  if (w.endsWith('ing') && w.length > 5) return undouble(w.slice(0, -3))
  if (w.endsWith('ed') && w.length > 4) return undouble(w.slice(0, -2))
  if (w.endsWith('ly') && w.length > 5) return w.slice(0, -2)
  if (w.endsWith('es') && /(ches|shes|xes|zes)$/.test(w)) return w.slice(0, -2)
  if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1)
  return w
}

function undouble(stem: string): string {
  // "stopped" -> "stopp" -> "stop"; keep "ll"/"ss" ("called" -> "call")
  const last = stem.at(-1)
  if (stem.length > 3 && last === stem.at(-2) && last !== 'l' && last !== 's' && last !== 'z') return stem.slice(0, -1)
  if (stem.endsWith('e') && stem.length > 3) return stem.slice(0, -1)
  return stem
}
