/**
 * A TCP proxy between an API and Neo4j that counts the Cypher statements sent, neutrally for any
 * client: it reads the Bolt messages going to the server and counts RUN (signature 0x10). BEGIN,
 * COMMIT, PULL, RESET and the rest are not statements and are not counted. Bytes are forwarded
 * unchanged; the parser reads a copy.
 *
 * Bolt, client to server: a 20-byte handshake (magic + four version proposals), then messages, each a
 * series of chunks [uint16 size][bytes] ended by a zero-size chunk. A message is a PackStream struct:
 * a marker byte 0xB0 + field count, then the signature byte. When the server answers the handshake with
 * the manifest version 0x000001FF (Bolt 5.7 and later), the client sends 4 more bytes (the chosen
 * version) and a varint of capabilities before its first message.
 */
import net from 'node:net';

export const RUN = 0x10;
const MANIFEST_V1 = 0x000001ff;

export interface BoltProxy {
  port: number;
  /** RUN messages seen so far, over every connection, but for those `background` picked out. */
  runs(): number;
  /** RUN messages whose Cypher `background` picked out: what the API sent on its own, not for a request. */
  backgroundRuns(): number;
  /** Every message signature seen, counted: for debugging what a client sends. */
  signatures(): Record<string, number>;
  close(): Promise<void>;
}

/** Parses the client-to-server byte stream of one connection and reports each message's signature. */
export class BoltClientParser {
  private buffer: Buffer = Buffer.alloc(0);
  private state: 'handshake' | 'await-server' | 'manifest' | 'messages' = 'handshake';
  private serverVersion: number | undefined;
  private message: Buffer[] = [];

  /** `onMessage` gets each message's signature, and a RUN message's whole body (other bodies: a prefix). */
  constructor(private readonly onMessage: (signature: number, body: Buffer) => void) {}

  /** The first 4 bytes the server sent back: the chosen version, or the manifest marker. */
  serverReplied(firstFour: Buffer): void {
    this.serverVersion = firstFour.readUInt32BE(0);
    this.drain();
  }

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.drain();
  }

  /** Whether the message being read is kept whole: a RUN, whose query is read; else its first chunk only. */
  private keepsWhole(): boolean {
    const first = this.message[0];
    return first !== undefined && first.length >= 2 ? first[1] === RUN : true;
  }

  private drain(): void {
    for (;;) {
      if (this.state === 'handshake') {
        if (this.buffer.length < 20) return;
        this.buffer = this.buffer.subarray(20);
        this.state = 'await-server';
      } else if (this.state === 'await-server') {
        if (this.serverVersion === undefined) return;
        this.state = this.serverVersion === MANIFEST_V1 ? 'manifest' : 'messages';
      } else if (this.state === 'manifest') {
        // 4 bytes of chosen version, then a varint: bytes with the top bit set continue it.
        let end = 4;
        while (end < this.buffer.length && ((this.buffer[end] ?? 0) & 0x80) !== 0) end += 1;
        if (end >= this.buffer.length) return;
        this.buffer = this.buffer.subarray(end + 1);
        this.state = 'messages';
      } else {
        if (this.buffer.length < 2) return;
        const size = this.buffer.readUInt16BE(0);
        if (this.buffer.length < 2 + size) return;
        if (size === 0) {
          const body = Buffer.concat(this.message);
          this.message = [];
          // A zero chunk with no message before it is a NOOP keep-alive.
          if (body.length >= 2 && ((body[0] ?? 0) & 0xf0) === 0xb0) this.onMessage(body[1] ?? 0, body);
        } else if (this.message.length === 0 || this.keepsWhole()) {
          this.message.push(Buffer.from(this.buffer.subarray(2, 2 + size)));
        }
        this.buffer = this.buffer.subarray(2 + size);
      }
    }
  }
}

/** The Cypher text of a RUN message's body (a struct whose first field is the query string). */
export function runQuery(body: Buffer): string | undefined {
  const marker = body[2];
  if (marker === undefined) return undefined;
  let start: number;
  let length: number;
  if ((marker & 0xf0) === 0x80) [start, length] = [3, marker & 0x0f];
  else if (marker === 0xd0) [start, length] = [4, body.readUInt8(3)];
  else if (marker === 0xd1) [start, length] = [5, body.readUInt16BE(3)];
  else if (marker === 0xd2) [start, length] = [7, body.readUInt32BE(3)];
  else return undefined;
  return body.subarray(start, start + length).toString('utf8');
}

/** Starts the proxy on 127.0.0.1 (a free port) in front of the Bolt server at target. */
export async function startBoltProxy(
  target: { host: string; port: number },
  background: (query: string) => boolean = () => false,
): Promise<BoltProxy> {
  let runs = 0;
  let backgroundRuns = 0;
  const signatures: Record<string, number> = {};
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const parser = new BoltClientParser((signature, body) => {
      const key = `0x${signature.toString(16).padStart(2, '0')}`;
      signatures[key] = (signatures[key] ?? 0) + 1;
      if (signature !== RUN) return;
      if (background(runQuery(body) ?? '')) backgroundRuns += 1;
      else runs += 1;
    });
    let replied = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      parser.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (replied.length < 4) {
        replied = Buffer.concat([replied, chunk]);
        if (replied.length >= 4) parser.serverReplied(replied.subarray(0, 4));
      }
      client.write(chunk);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    runs: () => runs,
    backgroundRuns: () => backgroundRuns,
    signatures: () => ({ ...signatures }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
