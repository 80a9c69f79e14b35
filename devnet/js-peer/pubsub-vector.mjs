// Prints a StrictSign pubsub message made by js @libp2p/gossipsub 17 itself (its buildRawMessage and
// msgIdFnStrictSign), from a fixed Ed25519 seed, as the vector of tests/P2P.Tests (MessageSigningVectorTests).
// Run: .devnet/bin/node22 devnet/js-peer/pubsub-vector.mjs
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'

const lib = (p) => import(new URL(`./node_modules/@libp2p/gossipsub/dist/src/${p}`, import.meta.url))
const { buildRawMessage } = await lib('utils/buildRawMessage.js')
const { getPublishConfigFromPeerId } = await lib('utils/publishConfig.js')
const { msgIdFnStrictSign } = await lib('utils/msgIdFn.js')
const { RPC } = await lib('message/rpc.js')

const seed = Uint8Array.from({ length: 32 }, (_, i) => i + 1)
const key = await generateKeyPairFromSeed('Ed25519', seed)
const peerId = peerIdFromPrivateKey(key)
const config = getPublishConfigFromPeerId('StrictSign', peerId, key)
const data = new TextEncoder().encode('hello from js')
const { raw, msg } = await buildRawMessage(config, 'dltsigner-vector', data, data)
const hex = (b) => Buffer.from(b).toString('hex')
console.log(JSON.stringify({
  peerId: peerId.toString(),
  rpc: hex(RPC.encode({ subscriptions: [], messages: [raw] })),
  messageId: hex(msgIdFnStrictSign(msg))
}))
