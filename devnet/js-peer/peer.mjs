// js-libp2p reference peer for DltSigner's P2P interop tests. Run with Node >= 22:
//   .devnet/bin/node22 devnet/js-peer/peer.mjs [--listen MA]... [--dial MA]... [--bootstrap MA]...
//                                               [--no-sign] [--bench] TOPIC [TOPIC...]
// --bench lifts js-libp2p's limit of 5 inbound connections per second per host (the benchmark redials).
// TCP + noise + yamux, identify (and push), ping, gossipsub; listens on /ip4/127.0.0.1/tcp/0 by default.
// stdout: one JSON object per line. The first is {"event":"ready","peerId":...,"multiaddrs":[...]};
// then "message" (data as base64 and as utf8 text), "peer:connect", "peer:disconnect", and the
// answers to commands. stdin (optional): one JSON command per line:
//   {"cmd":"publish","topic":"t","text":"hi"} | {"cmd":"publish","topic":"t","base64":"..."}
//   {"cmd":"dial","addr":"/ip4/127.0.0.1/tcp/P/p2p/ID"} | {"cmd":"ping","addr":"..."}
//   {"cmd":"subscribe","topic":"t"} | {"cmd":"peers"} | {"cmd":"stop"}
//   {"cmd":"identify","peerId":"..."}  runs identify on the open connection to that peer: agentVersion, protocols
//   {"cmd":"peerInfo","peerId":"..."}  what the peer store holds for that peer (protocols, after pushes too)
//   {"cmd":"pingN","addr":"...","count":N}  N pings (dialing if needed): their round trips in ms
//   {"cmd":"echo","addr":"...","bytes":N}  sends N random bytes on /dltsigner/echo/1.0.0, checks the echo
// The peer also answers /dltsigner/echo/1.0.0 itself (echoes until the writer closes).
//   {"cmd":"handshakePing","addr":"...","count":N}  N times: dial a new connection, ping (handshake plus one
//       round trip, ms), ping again (ping round trip, ms), hang up — the transport-interop figures
// Commands run concurrently: an "id" field in a command is echoed in its answer or error.
// Stops on SIGINT/SIGTERM or {"cmd":"stop"}; stdin reaching EOF does not stop it.
import { createInterface } from 'node:readline'
import { randomBytes } from 'node:crypto'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify, identifyPush } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { gossipsub } from '@libp2p/gossipsub'
import { bootstrap } from '@libp2p/bootstrap'
import { multiaddr } from '@multiformats/multiaddr'

const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

function parseArgs (argv) {
  const opts = { listen: [], dial: [], bootstrap: [], sign: true, bench: false, topics: [] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`)
      return argv[++i]
    }
    if (a === '--listen') opts.listen.push(value())
    else if (a === '--dial') opts.dial.push(value())
    else if (a === '--bootstrap') opts.bootstrap.push(value())
    else if (a === '--no-sign') opts.sign = false
    else if (a === '--bench') opts.bench = true
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`)
    else opts.topics.push(a)
  }
  if (opts.listen.length === 0) opts.listen.push('/ip4/127.0.0.1/tcp/0')
  if (opts.topics.length === 0) throw new Error('usage: peer.mjs [options] TOPIC [TOPIC...]')
  return opts
}

let opts
try {
  opts = parseArgs(process.argv.slice(2))
} catch (err) {
  process.stderr.write(`peer.mjs: ${err.message}\n`)
  process.exit(2)
}

const node = await createLibp2p({
  addresses: { listen: opts.listen },
  transports: [tcp()],
  connectionManager: opts.bench ? { inboundConnectionThreshold: 1e9 } : {},
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  peerDiscovery: opts.bootstrap.length > 0 ? [bootstrap({ list: opts.bootstrap })] : [],
  services: {
    identify: identify(),
    identifyPush: identifyPush(),
    ping: ping(),
    pubsub: gossipsub({
      allowPublishToZeroTopicPeers: true,
      emitSelf: false,
      globalSignaturePolicy: opts.sign ? 'StrictSign' : 'StrictNoSign'
    })
  }
})

const pubsub = node.services.pubsub
const ECHO = '/dltsigner/echo/1.0.0'
const drained = (stream) => new Promise((resolve) => stream.addEventListener('drain', resolve, { once: true }))

await node.handle(ECHO, async (stream) => {
  for await (const buf of stream) {
    if (!stream.send(buf)) await drained(stream)
  }
  await stream.close()
})

pubsub.addEventListener('message', (evt) => {
  const m = evt.detail
  const data = Buffer.from(m.data)
  emit({
    event: 'message',
    topic: m.topic,
    from: m.type === 'signed' ? m.from.toString() : null,
    seqno: m.type === 'signed' && m.sequenceNumber != null ? m.sequenceNumber.toString() : null,
    base64: data.toString('base64'),
    text: data.toString('utf8')
  })
})
node.addEventListener('peer:connect', (evt) => emit({ event: 'peer:connect', peerId: evt.detail.toString() }))
node.addEventListener('peer:disconnect', (evt) => emit({ event: 'peer:disconnect', peerId: evt.detail.toString() }))

for (const t of opts.topics) pubsub.subscribe(t)

emit({
  event: 'ready',
  peerId: node.peerId.toString(),
  multiaddrs: node.getMultiaddrs().map((ma) => ma.toString()),
  topics: opts.topics,
  protocols: node.getProtocols()
})

for (const addr of opts.dial) {
  try {
    await node.dial(multiaddr(addr))
  } catch (err) {
    emit({ event: 'error', cmd: 'dial', addr, message: err.message })
  }
}

let stopping = false
async function stop (code = 0) {
  if (stopping) return
  stopping = true
  try { await node.stop() } finally { process.exit(code) }
}
process.on('SIGINT', () => { stop(0) })
process.on('SIGTERM', () => { stop(0) })

function connectionTo (peerId) {
  const conn = node.getConnections().find((c) => c.remotePeer.toString() === peerId)
  if (conn == null) throw new Error(`not connected to ${peerId}`)
  return conn
}

async function run (cmd) {
  switch (cmd.cmd) {
    case 'publish': {
      const data = cmd.base64 != null ? Buffer.from(cmd.base64, 'base64') : Buffer.from(String(cmd.text ?? ''), 'utf8')
      const res = await pubsub.publish(cmd.topic, data)
      return { event: 'published', topic: cmd.topic, recipients: res.recipients.map((p) => p.toString()) }
    }
    case 'dial': {
      const conn = await node.dial(multiaddr(cmd.addr))
      return { event: 'dialed', peerId: conn.remotePeer.toString() }
    }
    case 'ping': {
      const ms = await node.services.ping.ping(multiaddr(cmd.addr))
      return { event: 'pong', ms }
    }
    case 'identify': {
      const conn = connectionTo(cmd.peerId)
      const res = await node.services.identify.identify(conn)
      return { event: 'identify', peerId: res.peerId.toString(), agentVersion: res.agentVersion ?? null, protocolVersion: res.protocolVersion ?? null, protocols: res.protocols, listenAddrs: res.listenAddrs.map((a) => a.toString()) }
    }
    case 'peerInfo': {
      const peer = await node.peerStore.get(connectionTo(cmd.peerId).remotePeer)
      return { event: 'peerInfo', peerId: peer.id.toString(), protocols: peer.protocols }
    }
    case 'pingN': {
      const ms = []
      for (let i = 0; i < (cmd.count ?? 1); i++) ms.push(await node.services.ping.ping(multiaddr(cmd.addr)))
      return { event: 'pongs', ms }
    }
    case 'echo': {
      const stream = await node.dialProtocol(multiaddr(cmd.addr), ECHO)
      const sent = randomBytes(cmd.bytes)
      const reading = (async () => {
        const parts = []
        for await (const buf of stream) parts.push(Buffer.from(buf.subarray()))
        return Buffer.concat(parts)
      })()
      for (let i = 0; i < sent.length; i += 16384) {
        if (!stream.send(sent.subarray(i, i + 16384))) await drained(stream)
      }
      await stream.close()
      const got = await reading
      return { event: 'echoed', bytes: got.length, equal: Buffer.compare(got, Buffer.from(sent)) === 0 }
    }
    case 'handshakePing': {
      const ma = multiaddr(cmd.addr)
      const results = []
      for (let i = 0; i < (cmd.count ?? 1); i++) {
        const t0 = performance.now()
        await node.dial(ma)
        await node.services.ping.ping(ma)
        const handshakePlusOneRttMs = performance.now() - t0
        const p0 = performance.now()
        await node.services.ping.ping(ma)
        const pingMs = performance.now() - p0
        await node.hangUp(ma)
        results.push({ handshakePlusOneRttMs, pingMs })
      }
      return { event: 'handshakePing', results }
    }
    case 'subscribe':
      pubsub.subscribe(cmd.topic)
      return { event: 'subscribed', topic: cmd.topic }
    case 'peers':
      return {
        event: 'peers',
        peers: node.getPeers().map((p) => p.toString()),
        topicPeers: Object.fromEntries(pubsub.getTopics().map((t) => [t, pubsub.getSubscribers(t).map((p) => p.toString())]))
      }
    case 'stop':
      await stop(0)
      return null
    default:
      throw new Error(`unknown cmd ${JSON.stringify(cmd.cmd)}`)
  }
}

createInterface({ input: process.stdin }).on('line', async (line) => {
  if (line.trim() === '') return
  let cmd
  try {
    cmd = JSON.parse(line)
    const out = await run(cmd)
    if (out != null) emit(cmd.id != null ? { ...out, id: cmd.id } : out)
  } catch (err) {
    emit({ event: 'error', cmd: cmd?.cmd ?? null, id: cmd?.id ?? null, message: err.message })
  }
})
