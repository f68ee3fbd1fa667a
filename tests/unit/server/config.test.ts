import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:3000 and ./data/glossa.db', () => {
    const config = loadConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3000);
    expect(config.store).toEqual({ kind: 'sqlite', path: './data/glossa.db' });
    expect(config.limits.maxDocumentBytes).toBe(5 * 1024 * 1024);
    expect(config.tuning).toEqual({});
  });

  it('accepts a file: URL or a path for SQLite', () => {
    expect(loadConfig({ DATABASE_URL: 'file:/tmp/x.db' }).store).toEqual({ kind: 'sqlite', path: '/tmp/x.db' });
    expect(loadConfig({ DATABASE_URL: 'file:///tmp/y.db' }).store).toEqual({ kind: 'sqlite', path: '/tmp/y.db' });
    expect(loadConfig({ DATABASE_URL: 'rel/z.db' }).store).toEqual({ kind: 'sqlite', path: 'rel/z.db' });
  });

  it('accepts a postgres:// URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).store).toEqual({
      kind: 'postgres',
      url: 'postgres://postgres@127.0.0.1:5432/test',
    });
  });

  it('lets in no other origin by default, in either mode; lists origins and host names when given', () => {
    expect(loadConfig({}).allowedOrigins).toEqual([]);
    expect(loadConfig({ GLOSSA_SECRET: 'x'.repeat(32) }).allowedOrigins).toEqual([]);
    expect(loadConfig({ ALLOWED_ORIGINS: ' * ' }).allowedOrigins).toBe('*');
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://a.example.org, http://localhost:8080' }).allowedOrigins).toEqual([
      'https://a.example.org',
      'http://localhost:8080',
    ]);
    expect(loadConfig({}).allowedHosts).toEqual([]);
    expect(loadConfig({ ALLOWED_HOSTS: 'Glossa.LAN, review.example.org.' }).allowedHosts).toEqual(['glossa.lan', 'review.example.org']);
  });

  it.each([
    [{ ALLOWED_ORIGINS: 'https://a.example.org/path' }, 'ALLOWED_ORIGINS'],
    [{ ALLOWED_HOSTS: 'http://glossa.lan' }, 'ALLOWED_HOSTS'],
    [{ ALLOWED_HOSTS: 'glossa.lan:3000' }, 'ALLOWED_HOSTS'],
    [{ ALLOWED_HOSTS: '*' }, 'ALLOWED_HOSTS'],
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ MAX_DOCUMENT_BYTES: '-1' }, 'MAX_DOCUMENT_BYTES'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL'],
    [{ GLOSSA_TUNING: '{"mergeThread":"sometimes"}' }, 'GLOSSA_TUNING'],
    [{ GLOSSA_TUNING: '{"compactMaxRow":5}' }, 'GLOSSA_TUNING'],
  ])('refuses %o with one line naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${name}: `));
  });
});
