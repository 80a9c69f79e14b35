using DltSigner.Core.Math;
using DltSigner.Core.Ot;
using Xunit.Abstractions;

namespace DltSigner.Core.Tests.Ot;

public sealed class RvoleTests(ITestOutputHelper output)
{
    [Fact]
    public void Shares_add_up_to_the_products()
    {
        var (alice, bob) = OtTestSupport.Setup();
        using (alice)
        using (bob)
        {
            // one setup, many multiplications with fresh session ids (as signing does)
            for (var run = 0; run < 4; run++)
            {
                var session = OtTestSupport.Session($"sign-{run}");
                Scalar[] a = [Scalar.Random(), run == 0 ? Scalar.Zero : Scalar.Random()];
                using var bobRun = RvoleBob.Start(session, bob);
                var b = bobRun.B;
                var (reply, c) = RvoleAlice.Respond(session, alice, OtExtensionMessage.Decode(bobRun.Message.Encode()), a);
                var d = bobRun.Finish(RvoleMessage.Decode(reply.Encode()));
                Assert.Equal(b, bobRun.B); // still readable for signing's checks until Dispose
                Assert.Throws<ObjectDisposedException>(() => bobRun.Finish(reply));
                Assert.Equal(OtParameters.Ell, c.Length);
                Assert.Equal(OtParameters.Ell, d.Length);
                for (var i = 0; i < OtParameters.Ell; i++)
                {
                    Assert.Equal(a[i] * b, c[i] + d[i]);
                }
            }
        }
    }

    [Theory]
    [InlineData(0)] // ã_0,0
    [InlineData(31)]
    [InlineData((200 * OtParameters.OtWidth * 32) + 40)] // ã_200,1
    [InlineData((OtParameters.Xi * OtParameters.OtWidth * 32) - 1)] // ã_ξ−1, pad
    [InlineData(OtParameters.Xi * OtParameters.OtWidth * 32)] // η
    [InlineData(RvoleMessage.EncodedLength - 32)] // μ
    [InlineData(RvoleMessage.EncodedLength - 1)] // μ, last byte
    public void Tampered_reply_fails_the_rvole_check(int byteIndex)
    {
        var (alice, bob) = OtTestSupport.Setup();
        using (alice)
        using (bob)
        {
            var session = OtTestSupport.Session("mul");
            using var bobRun = RvoleBob.Start(session, bob);
            var (reply, _) = RvoleAlice.Respond(session, alice, bobRun.Message, [Scalar.Random(), Scalar.Random()]);
            // bit 1 of a byte: keeps the high byte of a scalar below n's (0xFF… prefix) in practice;
            // if a flip lands ≥ n the strict decoder rejects it instead, which the test accepts
            var tampered = OtTestSupport.Flip(reply.Encode(), byteIndex, 1);
            var ex = Record.Exception(() => bobRun.Finish(RvoleMessage.Decode(tampered)));
            if (ex is OtProtocolException ot)
            {
                Assert.Equal(OtChecks.RvoleConsistency, ot.Check);
            }
            else
            {
                Assert.IsType<CryptoFormatException>(ex);
            }
        }
    }

    [Fact]
    public void Alice_with_inconsistent_inputs_is_caught()
    {
        // The selective-failure adversary: a different a in 64 OT rows. Bob's check fails unless
        // all 64 of his β_j are 0 (probability 2^-64): each such row with β_j = 1 moves μ'.
        var (alice, bob) = OtTestSupport.Setup();
        using (alice)
        using (bob)
        {
            var session = OtTestSupport.Session("mul");
            using var bobRun = RvoleBob.Start(session, bob);
            Scalar[] a = [Scalar.Random(), Scalar.Random()];
            var other = Scalar.Random();
            var (reply, _) = RvoleAlice.Respond(session, alice, bobRun.Message, a, (j, k) => j < 64 && k == 0 ? other : a[k]);
            var ex = Assert.Throws<OtProtocolException>(() => bobRun.Finish(reply));
            Assert.Equal(OtChecks.RvoleConsistency, ex.Check);
        }
    }

    [Fact]
    public void Tampered_bob_message_fails_alices_kos_check()
    {
        var (alice, bob) = OtTestSupport.Setup();
        using (alice)
        using (bob)
        {
            var session = OtTestSupport.Session("mul");
            using var bobRun = RvoleBob.Start(session, bob);
            var tampered = OtExtensionMessage.Decode(OtTestSupport.Flip(bobRun.Message.Encode(), 1000, 4));
            var ex = Assert.Throws<OtProtocolException>(() => RvoleAlice.Respond(session, alice, tampered, [Scalar.One, Scalar.One]));
            Assert.Equal(OtChecks.KosConsistency, ex.Check);
        }
    }

    [Fact]
    public void Malformed_replies_are_rejected()
    {
        Assert.Throws<CryptoFormatException>(() => RvoleMessage.Decode(new byte[RvoleMessage.EncodedLength - 1]));
        Assert.Throws<CryptoFormatException>(() => RvoleMessage.Decode(new byte[RvoleMessage.EncodedLength + 32]));
        var big = new byte[RvoleMessage.EncodedLength];
        Array.Fill(big, (byte)0xFF, 32 * 17, 32); // ã_5,2 = 2^256 − 1 ≥ n
        Assert.Throws<CryptoFormatException>(() => RvoleMessage.Decode(big));
        var eta = new byte[RvoleMessage.EncodedLength];
        Scalar.OrderBytes.CopyTo(eta.AsSpan(OtParameters.Xi * OtParameters.OtWidth * 32)); // η = n
        Assert.Throws<CryptoFormatException>(() => RvoleMessage.Decode(eta));
        Assert.ThrowsAny<ArgumentException>(() => RvoleAlice.Respond(OtTestSupport.Session(), null!, null!, [Scalar.One]));
    }

    [Fact]
    public void Report_bytes_sent_per_role()
    {
        var baseOtBob = BaseOtSenderMessage.EncodedLength;
        var baseOtAlice = BaseOtReceiverMessage.EncodedLength;
        var mulBob = OtExtensionMessage.EncodedLength;
        var mulAlice = RvoleMessage.EncodedLength;
        output.WriteLine($"base OTs (once per direction): Bob {baseOtBob} B, Alice {baseOtAlice} B");
        output.WriteLine($"one RVOLE (ℓ={OtParameters.Ell}, ξ={OtParameters.Xi}): Bob→Alice {mulBob} B, Alice→Bob {mulAlice} B");
        output.WriteLine($"2-of-3 signing, per party (one RVOLE as Alice, one as Bob): {mulBob + mulAlice} B = {(mulBob + mulAlice) / 1024.0:F1} KiB");
        Assert.Equal(12_304, mulBob);
        Assert.Equal(40_000, mulAlice);
        Assert.True(mulBob + mulAlice < 64 * 1024);
    }
}
