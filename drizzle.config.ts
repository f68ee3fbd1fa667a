import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './server/storage/sqlite/schema.ts',
  out: './migrations/sqlite',
  casing: 'snake_case',
});
