using DltSigner.Core.Ot;

namespace DltSigner.Core.Tests.Ot;

public sealed class BaseOtTests
{
    [Fact]
    public void Receiver_gets_the_chosen_key_and_not_the_other()
    {
        var (alice, bob) = OtTestSupport.Setup();
        using (alice)
        using (bob)
        {
            var ones = 0;
            for (var i = 0; i < OtParameters.LambdaC; i++)
            {
                var delta = (alice.Delta[i >> 3] >> (i & 7)) & 1;
                ones += delta;
                Assert.Equal(bob.Seed(i, delta).ToArray(), alice.Seed(i).ToArray());
                Assert.NotEqual(bob.Seed(i, 1 - delta).ToArray(), alice.Seed(i).ToArray());
                Assert.NotEqual(bob.Seed(i, 0).ToArray(), bob.Seed(i, 1).ToArray());
            }

            // Δ is uniform: all-zero or all-one would mean a broken RNG path (probability 2^-127)
            Assert.InRange(ones, 1, OtParameters.LambdaC - 1);
        }
    }

    [Theory]
    [InlineData(0)] // B
    [InlineData(33)] // proof commitment
    [InlineData(66)] // proof response
    [InlineData(97)] // proof response, last byte
    public void Tampered_sender_message_fails_the_proof_or_decoding(int byteIndex)
    {
        var session = OtTestSupport.Session();
        using var sender = new BaseOtSender(session);
        var tampered = OtTestSupport.Flip(sender.Message.Encode(), byteIndex, byteIndex == 0 ? 0 : 1);
        var ex = Record.Exception(() => BaseOtReceiver.Respond(session, BaseOtSenderMessage.Decode(tampered)).Dispose());
        AssertProofOrFormat(ex);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(40)]
    [InlineData(70)]
    public void Tampered_sender_message_bytes_in_the_middle_fail(int byteIndex)
    {
        var session = OtTestSupport.Session();
        using var sender = new BaseOtSender(session);
        for (var bit = 0; bit < 8; bit++)
        {
            var tampered = OtTestSupport.Flip(sender.Message.Encode(), byteIndex, bit);
            AssertProofOrFormat(Record.Exception(() => BaseOtReceiver.Respond(session, BaseOtSenderMessage.Decode(tampered)).Dispose()));
        }
    }

    [Fact]
    public void Proof_is_bound_to_session_and_indices()
    {
        using var sender = new BaseOtSender(OtTestSupport.Session("a", 1, 2));
        foreach (var other in new[] { OtTestSupport.Session("b", 1, 2), OtTestSupport.Session("a", 2, 1), OtTestSupport.Session("a", 1, 3) })
        {
            var ex = Assert.Throws<OtProtocolException>(() => BaseOtReceiver.Respond(other, sender.Message).Dispose());
            Assert.Equal(OtChecks.BaseOtSenderProof, ex.Check);
        }
    }

    [Fact]
    public void Tampered_receiver_point_fails_the_verification()
    {
        // Replace A_7 by A_8: a valid point, so decoding passes; Alice does not hold either key of
        // OT 7 any more, so her response or Bob's opening check fails
        var session = OtTestSupport.Session();
        using var sender = new BaseOtSender(session);
        using var receiver = BaseOtReceiver.Respond(session, sender.Message);
        var encoded = receiver.Message.Encode();
        Array.Copy(encoded, 8 * OtParameters.PointBytes, encoded, 7 * OtParameters.PointBytes, OtParameters.PointBytes);
        var m3 = sender.Challenge(BaseOtReceiverMessage.Decode(encoded));
        var ex = Assert.Throws<OtProtocolException>(() => sender.Finish(receiver.Answer(m3)));
        Assert.Equal(OtChecks.BaseOtReceiverResponse, ex.Check);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5 * 32)]
    [InlineData(BaseOtChallengeMessage.EncodedLength - 1)]
    public void Tampered_challenge_fails_the_response_or_the_opening(int byteIndex)
    {
        var session = OtTestSupport.Session();
        using var sender = new BaseOtSender(session);
        using var receiver = BaseOtReceiver.Respond(session, sender.Message);
        var m3 = sender.Challenge(receiver.Message);
        var m4 = receiver.Answer(BaseOtChallengeMessage.Decode(OtTestSupport.Flip(m3.Encode(), byteIndex, 2)));
        // Δ_i = 1: Alice's response carries the flip and Bob rejects it; Δ_i = 0: Bob opens and
        // Alice sees that the openings do not hash to the challenge she received
        var ex = Assert.Throws<OtProtocolException>(() => receiver.Finish(sender.Finish(m4).Message));
        Assert.Contains(ex.Check, new[] { OtChecks.BaseOtReceiverResponse, OtChecks.BaseOtSenderOpening });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(77 * 32)]
    [InlineData(BaseOtResponseMessage.EncodedLength - 1)]
    public void Tampered_response_fails_the_response_check(int byteIndex)
    {
        var session = OtTestSupport.Session();
        using var sender = new BaseOtSender(session);
        using var receiver = BaseOtReceiver.Respond(session, sender.Message);
        var m4 = receiver.Answer(sender.Challenge(receiver.Message));
        var tampered = BaseOtResponseMessage.Decode(OtTestSupport.Flip(m4.Encode(), byteIndex, 5));
        var ex = Assert.Throws<OtProtocolException>(() => sender.Finish(tampered));
        Assert.Equal(OtChecks.BaseOtReceiverResponse, ex.Check);
    }

    [Theory]
    [InlineData(0)] // H(k⁰_0)
    [InlineData(32)] // H(k¹_0)
    [InlineData((2 * 100 * 32) + 7)] // H(k⁰_100)
    [InlineData(BaseOtOpeningMessage.EncodedLength - 1)] // H(k¹_127)
    public void Tampered_opening_fails_the_opening_check(int byteIndex)
    {
        var session = OtTestSupport.Session();
        using var sender = new BaseOtSender(session);
        using var receiver = BaseOtReceiver.Respond(session, sender.Message);
        var m4 = receiver.Answer(sender.Challenge(receiver.Message));
        var (m5, bob) = sender.Finish(m4);
        bob.Dispose();
        var tampered = BaseOtOpeningMessage.Decode(OtTestSupport.Flip(m5.Encode(), byteIndex, 6));
        var ex = Assert.Throws<OtProtocolException>(() => receiver.Finish(tampered));
        Assert.Equal(OtChecks.BaseOtSenderOpening, ex.Check);
    }

    [Fact]
    public void Verification_messages_reject_wrong_lengths()
    {
        Assert.Throws<CryptoFormatException>(() => BaseOtChallengeMessage.Decode(new byte[BaseOtChallengeMessage.EncodedLength - 1]));
        Assert.Throws<CryptoFormatException>(() => BaseOtResponseMessage.Decode(new byte[BaseOtResponseMessage.EncodedLength + 1]));
        Assert.Throws<CryptoFormatException>(() => BaseOtOpeningMessage.Decode(new byte[BaseOtChallengeMessage.EncodedLength]));
    }

    [Fact]
    public void Malformed_encodings_are_rejected()
    {
        var session = OtTestSupport.Session();
        using var sender = new BaseOtSender(session);
        var m1 = sender.Message.Encode();
        Assert.Throws<CryptoFormatException>(() => BaseOtSenderMessage.Decode(m1.AsSpan(1)));
        Assert.Throws<CryptoFormatException>(() => BaseOtSenderMessage.Decode([.. m1, 0]));

        var offCurve = (byte[])m1.Clone();
        offCurve[0] = 0x02;
        Array.Clear(offCurve, 1, 32); // x = 0: 7 is not a square mod p, so no point has x = 0
        Assert.Throws<CryptoFormatException>(() => BaseOtSenderMessage.Decode(offCurve));

        var badPrefix = (byte[])m1.Clone();
        badPrefix[33] = 0x05;
        Assert.Throws<CryptoFormatException>(() => BaseOtSenderMessage.Decode(badPrefix));

        var bigScalar = (byte[])m1.Clone();
        Array.Fill(bigScalar, (byte)0xFF, 66, 32); // response ≥ n
        Assert.Throws<CryptoFormatException>(() => BaseOtSenderMessage.Decode(bigScalar));

        using var receiver = BaseOtReceiver.Respond(session, sender.Message);
        var e2 = receiver.Message.Encode();
        Assert.Throws<CryptoFormatException>(() => BaseOtReceiverMessage.Decode(e2.AsSpan(0, e2.Length - 1)));
        var infinity = (byte[])e2.Clone();
        Array.Clear(infinity, 33 * 5, 33);
        Assert.Throws<CryptoFormatException>(() => BaseOtReceiverMessage.Decode(infinity));
    }

    [Fact]
    public void Setups_export_and_import()
    {
        var (alice, bob) = OtTestSupport.Setup();
        using var alice2 = OtExtensionSenderSetup.Import(alice.Export());
        using var bob2 = OtExtensionReceiverSetup.Import(bob.Export());
        Assert.Equal(alice.Export(), alice2.Export());
        Assert.Equal(bob.Export(), bob2.Export());
        Assert.Throws<CryptoFormatException>(() => OtExtensionSenderSetup.Import(alice.Export().AsSpan(1)));
        Assert.Throws<CryptoFormatException>(() => OtExtensionReceiverSetup.Import(bob.Export().AsSpan(1)));
        alice.Dispose();
        bob.Dispose();
        Assert.Throws<ObjectDisposedException>(() => alice.Export());
    }

    private static void AssertProofOrFormat(Exception? ex)
    {
        Assert.NotNull(ex);
        if (ex is OtProtocolException ot)
        {
            Assert.Equal(OtChecks.BaseOtSenderProof, ot.Check);
        }
        else
        {
            Assert.IsType<CryptoFormatException>(ex);
        }
    }
}
