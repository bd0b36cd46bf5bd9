// Builds the widget in two steps: the panel as a content-hashed ES module (loaded with import() when
// the visitor opens the chat), then the tiny loader as a classic script (IIFE) that names that file.
// Output: dist/widget.js and dist/panel-<hash>.js, served by the server at /widget.js and /widget/<file>.
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))
const outDir = process.argv[2] ? process.argv[2] : `${root}dist`
rmSync(outDir, { recursive: true, force: true })

const common = {
  configFile: false,
  root,
  logLevel: 'warn',
  resolve: { conditions: ['@warbler/source', 'browser', 'module', 'import', 'default'] },
}

const panel = await build({
  ...common,
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    modulePreload: false,
    copyPublicDir: false,
    // Not library mode: Vite keeps library ES output unminified; an app build with a kept entry
    // signature minifies fully and still exports mountPanel.
    rollupOptions: {
      input: `${root}src/panel/index.ts`,
      preserveEntrySignatures: 'exports-only',
      output: { format: 'es', entryFileNames: 'panel-[hash].js', chunkFileNames: 'panel-[hash].js' },
    },
  },
})
const outputs = (Array.isArray(panel) ? panel : [panel]).flatMap((result) => result.output)
const panelFile = outputs.find((chunk) => chunk.type === 'chunk' && chunk.isEntry)?.fileName
if (!panelFile) throw new Error('the panel build made no entry chunk')

await build({
  ...common,
  define: { __WARBLER_PANEL_FILE__: JSON.stringify(panelFile) },
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    lib: { entry: `${root}src/loader.ts`, formats: ['iife'], name: 'WarblerWidgetLoader', fileName: () => 'widget.js' },
  },
})
console.log(`widget built: ${outDir}/widget.js + ${panelFile}`)
