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
  /** RUN messages seen so far, over every connection. */
  runs(): number;
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

  constructor(private readonly onMessage: (signature: number) => void) {}

  /** The first 4 bytes the server sent back: the chosen version, or the manifest marker. */
  serverReplied(firstFour: Buffer): void {
    this.serverVersion = firstFour.readUInt32BE(0);
    this.drain();
  }

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.drain();
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
          if (body.length >= 2 && ((body[0] ?? 0) & 0xf0) === 0xb0) this.onMessage(body[1] ?? 0);
        } else if (this.message.length === 0 || Buffer.concat(this.message).length < 2) {
          this.message.push(Buffer.from(this.buffer.subarray(2, 2 + size)));
        }
        this.buffer = this.buffer.subarray(2 + size);
      }
    }
  }
}

/** Starts the proxy on 127.0.0.1 (a free port) in front of the Bolt server at target. */
export async function startBoltProxy(target: { host: string; port: number }): Promise<BoltProxy> {
  let runs = 0;
  const signatures: Record<string, number> = {};
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const parser = new BoltClientParser((signature) => {
      const key = `0x${signature.toString(16).padStart(2, '0')}`;
      signatures[key] = (signatures[key] ?? 0) + 1;
      if (signature === RUN) runs += 1;
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
    signatures: () => ({ ...signatures }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
