// js side of the /dltsigner/req/1.0.0 interop test (tests/P2P.Tests/Interop/RequestResponseInteropTests.cs):
// one uvarint length-prefixed request per stream, one length-prefixed response.
//   node22 reqresp.mjs                         serve: answer "js:" + request; prints {"event":"ready",...}
//   node22 reqresp.mjs --request ADDR TEXT     dial ADDR, send TEXT, print {"event":"response","text":...}, exit
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify } from '@libp2p/identify'
import { multiaddr } from '@multiformats/multiaddr'

const PROTOCOL = '/dltsigner/req/1.0.0'
const MAX = 1 << 20
const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

function frame (body) {
  const header = []
  let n = body.length
  while (n >= 0x80) { header.push((n & 0x7f) | 0x80); n >>>= 7 }
  header.push(n)
  return Buffer.concat([Buffer.from(header), Buffer.from(body)])
}

// Returns the body once the buffer holds a whole frame, else null; throws on a bad or oversized length.
function parse (buffer) {
  let length = 0
  for (let i = 0; i < buffer.length && i < 9; i++) {
    length += (buffer[i] & 0x7f) * 2 ** (7 * i)
    if ((buffer[i] & 0x80) === 0) {
      if (length > MAX) throw new Error('frame too large')
      return buffer.length >= i + 1 + length ? buffer.subarray(i + 1, i + 1 + length) : null
    }
  }
  if (buffer.length >= 9) throw new Error('bad varint')
  return null
}

async function readFrame (stream, onFrame) {
  let buffer = Buffer.alloc(0)
  for await (const chunk of stream) {
    buffer = Buffer.concat([buffer, Buffer.from(chunk.subarray ? chunk.subarray() : chunk)])
    const body = parse(buffer)
    if (body != null) return onFrame(body)
  }
  throw new Error('stream ended before a whole frame')
}

const requestMode = process.argv[2] === '--request'
const node = await createLibp2p({
  addresses: { listen: requestMode ? [] : ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify() }
})

if (requestMode) {
  try {
    const stream = await node.dialProtocol(multiaddr(process.argv[3]), PROTOCOL)
    stream.send(frame(Buffer.from(process.argv[4] ?? '', 'utf8')))
    const text = await readFrame(stream, (body) => Buffer.from(body).toString('utf8'))
    await stream.close()
    emit({ event: 'response', text, peerId: node.peerId.toString() })
    await node.stop()
    process.exit(0)
  } catch (err) {
    emit({ event: 'error', message: err.message })
    process.exit(1)
  }
}

await node.handle(PROTOCOL, async (stream) => {
  await readFrame(stream, async (body) => {
    stream.send(frame(Buffer.concat([Buffer.from('js:'), Buffer.from(body)])))
    await stream.close()
  })
})
emit({ event: 'ready', peerId: node.peerId.toString(), multiaddrs: node.getMultiaddrs().map((m) => m.toString()) })
process.on('SIGTERM', async () => { await node.stop(); process.exit(0) })
process.on('SIGINT', async () => { await node.stop(); process.exit(0) })
