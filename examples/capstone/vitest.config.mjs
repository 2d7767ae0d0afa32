import { defineConfig } from 'vitest/config'

// Each file starts its own Redis shards and service; on a 2-core machine they run one at a time.
export default defineConfig({
  test: {
    include: ['test/**/*.test.mjs'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
