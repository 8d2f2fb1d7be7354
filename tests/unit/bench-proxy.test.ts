/**
 * The counting proxy's Bolt parser, on hand-built byte streams: the plain handshake and the manifest
 * one, messages split across TCP reads and across chunks, and NOOP keep-alives.
 */
import { BoltClientParser, RUN, runQuery } from '../../bench/proxy';

const HANDSHAKE = Buffer.concat([Buffer.from([0x60, 0x60, 0xb0, 0x17]), Buffer.alloc(16)]);

/** One Bolt message: a struct marker with `fields` fields, the signature, a body, in chunks of `size`. */
function message(signature: number, body: Buffer, size = 0xffff, fields = 1): Buffer {
  const bytes = Buffer.concat([Buffer.from([0xb0 + fields, signature]), body]);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    const chunk = bytes.subarray(i, i + size);
    const header = Buffer.alloc(2);
    header.writeUInt16BE(chunk.length);
    parts.push(header, chunk);
  }
  return Buffer.concat([...parts, Buffer.from([0, 0])]);
}

function parse(stream: Buffer, server: Buffer, pieceSize: number): number[] {
  const seen: number[] = [];
  const parser = new BoltClientParser((s) => seen.push(s));
  parser.serverReplied(server);
  for (let i = 0; i < stream.length; i += pieceSize) parser.push(stream.subarray(i, i + pieceSize));
  return seen;
}

const query = Buffer.from('MATCH (n) RETURN n, as a PackStream string would carry it');
const session = Buffer.concat([
  message(0x01, Buffer.alloc(30)), // HELLO
  message(0x11, Buffer.alloc(5)), // BEGIN
  message(RUN, query, 7, 3), // RUN, in chunks of 7 bytes
  Buffer.from([0, 0]), // NOOP
  message(0x3f, Buffer.alloc(3)), // PULL
  message(0x12, Buffer.alloc(0)), // COMMIT
]);

describe('BoltClientParser', () => {
  it.each([1, 3, 64, 4096])(
    'finds each message after a plain handshake, read %i bytes at a time',
    (piece) => {
      const seen = parse(Buffer.concat([HANDSHAKE, session]), Buffer.from([0, 0, 8, 5]), piece);
      expect(seen).toEqual([0x01, 0x11, RUN, 0x3f, 0x12]);
    },
  );

  it('skips the chosen version and capabilities varint after a manifest handshake', () => {
    const choice = Buffer.from([0, 0, 8, 5, 0x81, 0x01]); // version 5.8, a two-byte varint
    const seen = parse(Buffer.concat([HANDSHAKE, choice, session]), Buffer.from([0, 0, 1, 0xff]), 5);
    expect(seen.filter((s) => s === RUN)).toHaveLength(1);
    expect(seen).toEqual([0x01, 0x11, RUN, 0x3f, 0x12]);
  });

  it('waits for the server reply before reading past the handshake', () => {
    const seen: number[] = [];
    const parser = new BoltClientParser((s) => seen.push(s));
    parser.push(Buffer.concat([HANDSHAKE, session]));
    expect(seen).toEqual([]);
    parser.serverReplied(Buffer.from([0, 0, 8, 5]));
    expect(seen).toEqual([0x01, 0x11, RUN, 0x3f, 0x12]);
  });
});

/** A PackStream string: tiny (< 16 bytes), 8-bit or 16-bit length. */
function packString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length < 16) return Buffer.concat([Buffer.from([0x80 + bytes.length]), bytes]);
  if (bytes.length < 256) return Buffer.concat([Buffer.from([0xd0, bytes.length]), bytes]);
  const header = Buffer.alloc(3);
  header.writeUInt8(0xd1, 0);
  header.writeUInt16BE(bytes.length, 1);
  return Buffer.concat([header, bytes]);
}

describe('runQuery', () => {
  it.each([
    ['tiny', 'RETURN 1'],
    ['8-bit', 'MATCH (n:Enterprise {id: $id}) RETURN n.名称 AS name'],
    ['16-bit', `UNWIND $rows AS row ${'MERGE (n:Enterprise {id: row.id}) '.repeat(20)}RETURN count(*)`],
  ])('reads the Cypher of a RUN with a %s string, whole across chunks', (_kind, text) => {
    const bodies: Buffer[] = [];
    const parser = new BoltClientParser((signature, body) => {
      if (signature === RUN) bodies.push(body);
    });
    parser.serverReplied(Buffer.from([0, 0, 8, 5]));
    // The query, then an empty parameter map and an empty extra map, in chunks of 7 bytes.
    parser.push(
      Buffer.concat([
        HANDSHAKE,
        message(RUN, Buffer.concat([packString(text), Buffer.from([0xa0, 0xa0])]), 7, 3),
      ]),
    );
    expect(bodies).toHaveLength(1);
    expect(runQuery(bodies[0])).toBe(text);
  });
});
