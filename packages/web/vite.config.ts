import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// Two pages: the chat app at / and the console at /console. Workspace packages are compiled from
// their TypeScript sources (the `@warbler/source` condition), so the web build needs no SDK build.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@warbler/source', 'browser', 'module', 'import', 'default'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rollupOptions: { input: { chat: here('./index.html'), console: here('./console/index.html') } },
  },
  server: {
    proxy: { '/api': 'http://localhost:8080', '/ws': { target: 'ws://localhost:8080', ws: true } },
  },
})
