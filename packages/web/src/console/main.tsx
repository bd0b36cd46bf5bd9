import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { initI18n } from '../shared/i18n.js'
import '../shared/styles.css'
import './console.css'
import { ConsoleApp } from './console-app.js'

initI18n()
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConsoleApp />
  </StrictMode>,
)
