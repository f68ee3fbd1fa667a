// Structured logging (pino). Components receive a Logger; only main.ts decides where it goes.

import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: pino.LevelWithSilent): Logger {
  return pino({ level, base: undefined });
}
