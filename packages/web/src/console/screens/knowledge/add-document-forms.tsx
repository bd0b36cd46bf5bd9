import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import './knowledge-texts.js'

/** Text to add as a document. */
export interface TextDocument {
  title: string
  text: string
  format: 'markdown' | 'text' | 'html'
}

/** Two small forms: paste text as a document, or add one web page by its address. */
export function AddDocumentForms({ onText, onUrl }: { onText: (document: TextDocument) => Promise<boolean>; onUrl: (url: string) => Promise<boolean> }) {
  const { t } = useTranslation()
  const [mode, setMode] = useState<'text' | 'url' | undefined>()
  const [title, setTitle] = useState('')
  const [text, setText] = useState('')
  const [format, setFormat] = useState<TextDocument['format']>('markdown')
  const [url, setUrl] = useState('')

  async function submitText(event: FormEvent) {
    event.preventDefault()
    if (await onText({ title: title.trim(), text, format })) {
      setTitle('')
      setText('')
      setMode(undefined)
    }
  }
  async function submitUrl(event: FormEvent) {
    event.preventDefault()
    if (await onUrl(url.trim())) {
      setUrl('')
      setMode(undefined)
    }
  }

  return (
    <div className="add-document">
      <div className="tabs">
        <button type="button" className={mode === 'text' ? 'tab active' : 'tab'} aria-expanded={mode === 'text'} onClick={() => setMode(mode === 'text' ? undefined : 'text')}>
          {t('console.knowledge.addText')}
        </button>
        <button type="button" className={mode === 'url' ? 'tab active' : 'tab'} aria-expanded={mode === 'url'} onClick={() => setMode(mode === 'url' ? undefined : 'url')}>
          {t('console.knowledge.addUrl')}
        </button>
      </div>
      {mode === 'text' && (
        <form className="stacked-form" onSubmit={submitText} data-testid="add-text-form">
          <div className="inline-form">
            <label className="grow">
              {t('console.knowledge.title')}
              <input value={title} onChange={(event) => setTitle(event.target.value)} required maxLength={500} />
            </label>
            <label>
              {t('console.knowledge.format')}
              <select value={format} onChange={(event) => setFormat(event.target.value as TextDocument['format'])}>
                {(['markdown', 'text', 'html'] as const).map((value) => (
                  <option key={value} value={value}>
                    {t(`console.knowledge.formats.${value}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label>
            {t('console.knowledge.text')}
            <textarea value={text} onChange={(event) => setText(event.target.value)} rows={6} required />
          </label>
          <div>
            <button type="submit" className="primary">
              {t('console.knowledge.add')}
            </button>
          </div>
        </form>
      )}
      {mode === 'url' && (
        <form className="stacked-form" onSubmit={submitUrl} data-testid="add-url-form">
          <label>
            {t('console.knowledge.url')}
            <input type="url" value={url} onChange={(event) => setUrl(event.target.value)} required placeholder="https://help.example.com/refunds" aria-describedby="add-url-hint" />
          </label>
          <span id="add-url-hint" className="muted small">
            {t('console.knowledge.urlHint')}
          </span>
          <div>
            <button type="submit" className="primary">
              {t('console.knowledge.add')}
            </button>
          </div>
        </form>
      )}
    </div>
  )
}
