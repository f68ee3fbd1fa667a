// Maps a position in the built embed.js back to its source file, line and name, through the bundle's
// source map (v3, base64 VLQ), so profiles name our functions instead of minified ones.

import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { REPO_ROOT } from './paths.js';

interface RawSourceMap {
  sources: string[];
  names: string[];
  mappings: string;
}

export interface Original {
  source: string;
  line: number;
  name: string | null;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** [generatedColumn, source, originalLine, name | -1] per segment, per generated line. */
type Line = [number, number, number, number][];

export class SourceMap {
  private readonly lines: Line[] = [];

  /** Source paths relative to the repository, wherever the bundle was built. */
  private readonly sources: string[];

  constructor(
    private readonly raw: RawSourceMap,
    mapDir: string,
  ) {
    this.sources = raw.sources.map((source) => relative(REPO_ROOT, resolve(mapDir, source)));
    let source = 0;
    let originalLine = 0;
    let name = 0;
    for (const text of raw.mappings.split(';')) {
      const line: Line = [];
      let column = 0;
      for (const segment of text ? text.split(',') : []) {
        const v = decodeSegment(segment);
        column += v[0]!;
        if (v.length < 4) continue;
        source += v[1]!;
        originalLine += v[2]!;
        let nameIndex = -1;
        if (v.length >= 5) {
          name += v[4]!;
          nameIndex = name;
        }
        line.push([column, source, originalLine, nameIndex]);
      }
      this.lines.push(line);
    }
  }

  static load(path: string): SourceMap | null {
    try {
      return new SourceMap(JSON.parse(readFileSync(path, 'utf8')) as RawSourceMap, dirname(path));
    } catch {
      return null;
    }
  }

  /** The original position of a generated (0-based) line and column, if mapped. */
  lookup(line: number, column: number): Original | null {
    const segments = this.lines[line];
    if (!segments || segments.length === 0) return null;
    let best = segments[0]!;
    for (const s of segments) {
      if (s[0] > column) break;
      best = s;
    }
    const source = this.sources[best[1]] ?? '?';
    return { source, line: best[2] + 1, name: best[3] >= 0 ? (this.raw.names[best[3]] ?? null) : null };
  }
}
