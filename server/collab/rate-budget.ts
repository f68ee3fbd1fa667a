// A sender's allowance of messages and bytes per second. A connection draws on its own, and in token
// mode also on its person's, which all of that person's sockets share: opening more sockets buys
// no more rate.

import { TokenBucket } from './token-bucket.js';

export interface RateLimits {
  messagesPerSecond: number;
  bytesPerSecond: number;
}

export class RateBudget {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(readonly limits: RateLimits) {
    this.messages = new TokenBucket(limits.messagesPerSecond);
    this.bytes = new TokenBucket(limits.bytesPerSecond);
  }

  /** Milliseconds until a frame of `byteLength` fits; 0 when it does now. */
  waitFor(byteLength: number): number {
    return Math.max(this.messages.waitFor(1), this.bytes.waitFor(byteLength));
  }

  /** Takes the frame when it fits. One that does not takes nothing, but starts the run of being over. */
  take(byteLength: number): boolean {
    const messagesShort = this.messages.waitFor(1) > 0;
    const bytesShort = this.bytes.waitFor(byteLength) > 0;
    if (messagesShort || bytesShort) {
      if (messagesShort) this.messages.take(1);
      if (bytesShort) this.bytes.take(byteLength);
      return false;
    }
    this.messages.take(1);
    this.bytes.take(byteLength);
    return true;
  }

  /** How long the sender has been over without a full refill; 0 when it is not. */
  overFor(): number {
    return Math.max(this.messages.overFor(), this.bytes.overFor());
  }
}
