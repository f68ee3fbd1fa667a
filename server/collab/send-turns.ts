// Large sends spread over turns of the event loop: clients that reconnect together after a restart
// are answered together, and written in one go their answers would keep every other socket unread.

const BYTES_PER_TURN = 256 * 1024;

export class SendTurns {
  private readonly queue: { bytes: number; send: () => void }[] = [];
  private sentThisTurn = 0;
  private scheduled = false;

  constructor(private readonly bytesPerTurn = BYTES_PER_TURN) {}

  /** Runs `send` now if this turn has room for `bytes` more, otherwise in a later turn; in the order given. */
  send(bytes: number, send: () => void): void {
    if (this.queue.length === 0 && this.sentThisTurn < this.bytesPerTurn) {
      this.sentThisTurn += bytes;
      this.schedule();
      send();
      return;
    }
    this.queue.push({ bytes, send });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.nextTurn);
  }

  private readonly nextTurn = (): void => {
    this.scheduled = false;
    this.sentThisTurn = 0;
    try {
      while (this.queue.length > 0 && this.sentThisTurn < this.bytesPerTurn) {
        const next = this.queue.shift()!;
        this.sentThisTurn += next.bytes;
        next.send();
      }
    } finally {
      // Once more after a turn that sent: the next sender then sees this turn's count reset.
      if (this.sentThisTurn > 0) this.schedule();
    }
  };
}

/** One per process: the event loop they spread over is the process's. */
export const sendTurns = new SendTurns();
