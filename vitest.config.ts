import { defineConfig } from 'vitest/config'

// Tests import workspace packages from their TypeScript sources (the `@warbler/source` export
// condition), so a change in one package is seen by the others' tests without a rebuild.
// Tests that spawn a server process use the built `dist/` (npm test builds first).
export default defineConfig({
  resolve: { conditions: ['@warbler/source'] },
  ssr: { resolve: { conditions: ['@warbler/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
})
