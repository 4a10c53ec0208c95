import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3197);
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

/**
 * On the PostgreSQL run (.ci/postgres.sh gives FRONTLINE_TEST_DATABASE_URL) the same product starts on a
 * fresh database on that server instead of a SQLite file.
 */
const pgServer = process.env.FRONTLINE_TEST_DATABASE_URL;
const pgDatabase = pgServer && Object.assign(new URL(pgServer), { pathname: '/frontline_e2e' }).toString();

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: chromium,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'off',
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions: chromium } },
    { name: 'phone', use: { ...devices['Pixel 7'], launchOptions: chromium } },
  ],
  // The real product: one Node process serving web + API on a fresh SQLite file (or PostgreSQL database) seeded with the demo group.
  webServer: {
    command: pgDatabase
      ? `rm -rf .data && node fresh-database.ts '${pgDatabase}' && node ../api/src/main.ts`
      : 'rm -rf .data && node ../api/src/main.ts',
    env: {
      PORT: String(PORT),
      FRONTLINE_DB_PATH: '.data/e2e.db',
      HOST: '127.0.0.1',
      FRONTLINE_PHOTO_DIR: '.data/photos',
      ...(pgDatabase ? { FRONTLINE_DATABASE_URL: pgDatabase } : {}),
    },
    url: `http://localhost:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
  },
});
