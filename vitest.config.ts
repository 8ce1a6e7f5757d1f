import { defineConfig } from 'vitest/config'

// A shared server (PLANETARY_TEST_DATABASE_URL) holds cluster-wide roles: run its files one by one.
const sharedServer = Boolean(process.env.PLANETARY_TEST_DATABASE_URL)

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: !sharedServer,
          globalSetup: ['tests/harness/machine-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ['tests/harness/machine-setup.ts'],
        },
      },
    ],
  },
})
