// Zod compiles object schemas with `new Function` when the page allows it, and merely probing
// whether it does is a content-policy violation on a page without 'unsafe-eval': Glossa's own
// pages, and host pages with strict policies. The client parses little; it never evaluates code.
// Imported first by embed.ts, so it is set before any schema is used.

import { z } from 'zod';

z.config({ jitless: true });
