// js side of the discovery interop test (tests/P2P.Tests/Interop/DiscoveryInteropTests.cs): a js-libp2p
// node with gossipsub and @libp2p/pubsub-peer-discovery (topic _peer-discovery._p2p._pubsub, 1 s interval).
//   node22 discovery-peer.mjs [--dial ADDR]...
// Prints {"event":"ready",...}, then {"event":"discovered","peerId":...,"multiaddrs":[...]} per discovery.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify } from '@libp2p/identify'
import { gossipsub } from '@libp2p/gossipsub'
import { pubsubPeerDiscovery } from '@libp2p/pubsub-peer-discovery'
import { multiaddr } from '@multiformats/multiaddr'

const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const dial = []
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--dial') dial.push(process.argv[++i])
}

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  peerDiscovery: [pubsubPeerDiscovery({ interval: 1000 })],
  services: {
    identify: identify(),
    pubsub: gossipsub({ allowPublishToZeroTopicPeers: true })
  }
})

node.addEventListener('peer:discovery', (evt) => emit({
  event: 'discovered',
  peerId: evt.detail.id.toString(),
  multiaddrs: evt.detail.multiaddrs.map((m) => m.toString())
}))
emit({ event: 'ready', peerId: node.peerId.toString(), multiaddrs: node.getMultiaddrs().map((m) => m.toString()) })
for (const a of dial) {
  try { await node.dial(multiaddr(a)) } catch (err) { emit({ event: 'error', message: err.message }) }
}
process.on('SIGTERM', async () => { await node.stop(); process.exit(0) })
process.on('SIGINT', async () => { await node.stop(); process.exit(0) })
