using DltSigner.P2P.Identity;
using DltSigner.P2P.Pubsub;
using DltSigner.P2P.Pubsub.Wire;

namespace DltSigner.P2P.Tests.Pubsub;

/// <summary>
/// A message signed by js @libp2p/gossipsub 17.1.1 itself (devnet/js-peer/pubsub-vector.mjs: its
/// buildRawMessage and msgIdFnStrictSign, Ed25519 seed 01..20): our validation accepts it, our message id
/// equals js's, and signing the same fields with the same key gives the same bytes.
/// </summary>
public sealed class MessageSigningVectorTests
{
    private const string JsRpc =
        "12bb010a2600240801122079b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664120d68656c6c6f2066726f6d206a731a0818ed83ff82241d81" +
        "2210646c747369676e65722d766563746f722a40c6cc47f547dd92e4b074bd8b7a56a205f6518a095b976e31afcfbfb94f8f7ec2963a4b4d66fcdd1da3a13bda80e6064f56" +
        "fba9f9a7f112f75c776f6384499b0e32240801122079b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664";

    private const string JsMessageId = "0801122079b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad04966418ed83ff82241d81";

    [Fact]
    public void Js_signed_message_validates_and_has_the_js_message_id()
    {
        var rpc = RPC.Parser.ParseFrom(Convert.FromHexString(JsRpc));
        var message = Assert.Single(rpc.Publish);
        Assert.Equal(MessageRejection.None, MessageSigning.Validate(message, out var author, out var seqno, out var key));
        Assert.Equal(JsMessageId, MessageId.StrictSign(key.Span, seqno).ToString());
        Assert.Equal("hello from js", message.Data.ToStringUtf8());

        using var same = IdentityKey.FromSeed([.. Enumerable.Range(1, 32).Select(i => (byte)i)]);
        Assert.Equal(same.PeerId, author);
        var ours = MessageSigning.Sign(same, message.Topic, message.Data.Span, seqno);
        Assert.Equal(message, ours);
    }

    [Fact]
    public void Tampered_js_message_is_rejected()
    {
        var message = RPC.Parser.ParseFrom(Convert.FromHexString(JsRpc)).Publish[0];
        message.Topic = "other-topic";
        Assert.Equal(MessageRejection.InvalidSignature, MessageSigning.Validate(message, out _, out _, out _));
        message = RPC.Parser.ParseFrom(Convert.FromHexString(JsRpc)).Publish[0];
        message.Seqno = Google.Protobuf.ByteString.CopyFrom(new byte[7]);
        Assert.Equal(MessageRejection.InvalidSeqno, MessageSigning.Validate(message, out _, out _, out _));
    }
}
