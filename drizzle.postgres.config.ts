import { defineConfig } from 'drizzle-kit';

// PostgreSQL migrations: `npm run db:generate:postgres` (drizzle.config.ts is SQLite's).
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/storage/postgres/schema.ts',
  out: './migrations/postgres',
  casing: 'snake_case',
});
