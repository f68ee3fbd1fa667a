// PostgreSQL store: being written (issue 6).

import type { Store } from '../store.js';

export const PostgresStore = {
  async open(_url: string): Promise<Store> {
    throw new Error('PostgreSQL support is not finished yet');
  },
};
