using System.Security.Cryptography;
using DltSigner.Core.Ot;

namespace DltSigner.Core.Tests.Ot;

public sealed class OtExtensionTests
{
    private const int Width = 2;

    [Fact]
    public void Receiver_gets_the_chosen_outputs_for_all_xi_ots()
    {
        var (alice, bob) = OtTestSupport.Setup();
        using (alice)
        using (bob)
        {
            var session = OtTestSupport.Session("ote");
            var choices = new byte[(OtExtension.OtCount + 7) / 8];
            RandomNumberGenerator.Fill(choices);
            var (message, received) = OtExtension.Receive(session, bob, choices, Width);
            using (received)
            using (var sent = OtExtension.Send(session, alice, OtExtensionMessage.Decode(message.Encode()), Width))
            {
                Assert.True(OtExtension.OtCount >= 256);
                for (var j = 0; j < OtExtension.OtCount; j++)
                {
                    var bit = (choices[j >> 3] >> (j & 7)) & 1;
                    for (var k = 0; k < Width; k++)
                    {
                        var chosen = received.Chosen[(j * Width) + k];
                        var v0 = sent.V0[(j * Width) + k];
                        var v1 = sent.V1[(j * Width) + k];
                        Assert.Equal(bit == 0 ? v0 : v1, chosen);
                        Assert.NotEqual(bit == 0 ? v1 : v0, chosen);
                    }
                }
            }
        }
    }

    [Fact]
    public void Correlated_ots_give_shares_of_choice_times_correlation()
    {
        var (alice, bob) = OtTestSupport.Setup();
        using (alice)
        using (bob)
        {
            var session = OtTestSupport.Session("cot");
            var choices = new byte[(OtExtension.OtCount + 7) / 8];
            RandomNumberGenerator.Fill(choices);
            var alpha = new DltSigner.Core.Math.Scalar[OtExtension.OtCount * Width];
            for (var i = 0; i < alpha.Length; i++)
            {
                alpha[i] = DltSigner.Core.Math.Scalar.Random();
            }

            var (message, received) = OtExtension.Receive(session, bob, choices, Width);
            using (received)
            using (var sent = OtExtension.Send(session, alice, message, Width))
            {
                var tau = CorrelatedOt.Corrections(sent, (j, k) => alpha[(j * Width) + k]);
                var bobShares = CorrelatedOt.Apply(received, tau);
                for (var j = 0; j < OtExtension.OtCount; j++)
                {
                    var bit = (choices[j >> 3] >> (j & 7)) & 1;
                    for (var k = 0; k < Width; k++)
                    {
                        var expected = bit == 1 ? alpha[(j * Width) + k] : DltSigner.Core.Math.Scalar.Zero;
                        Assert.Equal(expected, bobShares[(j * Width) + k] - sent.V0[(j * Width) + k]);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(0)] // u, column 0, first data block
    [InlineData(OtParameters.ColumnBytes - 1)] // u, column 0, check-mask block
    [InlineData((77 * OtParameters.ColumnBytes) + 30)] // u, column 77
    [InlineData(OtExtensionMessage.UBytes)] // x̃
    [InlineData(OtExtensionMessage.UBytes + 15)] // x̃, last byte
    [InlineData(OtExtensionMessage.UBytes + OtExtensionMessage.XBytes)] // t̃_0
    [InlineData(OtExtensionMessage.EncodedLength - 1)] // t̃_127
    public void Tampered_message_fails_the_kos_check(int byteIndex)
    {
        var (alice, bob) = OtTestSupport.Setup();
        using (alice)
        using (bob)
        {
            var session = OtTestSupport.Session("ote");
            var (message, received) = OtExtension.Receive(session, bob, new byte[52], Width);
            received.Dispose();
            var tampered = OtExtensionMessage.Decode(OtTestSupport.Flip(message.Encode(), byteIndex, 3));
            var ex = Assert.Throws<OtProtocolException>(() => OtExtension.Send(session, alice, tampered, Width));
            Assert.Equal(OtChecks.KosConsistency, ex.Check);
        }
    }

    [Fact]
    public void Mismatched_session_fails_the_kos_check()
    {
        var (alice, bob) = OtTestSupport.Setup();
        using (alice)
        using (bob)
        {
            var (message, received) = OtExtension.Receive(OtTestSupport.Session("one"), bob, new byte[52], Width);
            received.Dispose();
            var ex = Assert.Throws<OtProtocolException>(() => OtExtension.Send(OtTestSupport.Session("two"), alice, message, Width));
            Assert.Equal(OtChecks.KosConsistency, ex.Check);
        }
    }

    [Fact]
    public void Mismatched_base_ot_key_fails_the_kos_check()
    {
        // A corrupted base OT (here: Alice's seed for column 9 replaced) must not go unnoticed
        var (alice, bob) = OtTestSupport.Setup();
        using (bob)
        {
            var exported = alice.Export();
            alice.Dispose();
            exported[(OtParameters.LambdaC / 8) + (9 * OtParameters.SeedBytes)] ^= 1;
            using var corrupted = OtExtensionSenderSetup.Import(exported);
            var session = OtTestSupport.Session("ote");
            var (message, received) = OtExtension.Receive(session, bob, new byte[52], Width);
            received.Dispose();
            var ex = Assert.Throws<OtProtocolException>(() => OtExtension.Send(session, corrupted, message, Width));
            Assert.Equal(OtChecks.KosConsistency, ex.Check);
        }
    }

    [Fact]
    public void Malformed_lengths_are_rejected()
    {
        Assert.Throws<CryptoFormatException>(() => OtExtensionMessage.Decode(new byte[OtExtensionMessage.EncodedLength - 1]));
        Assert.Throws<CryptoFormatException>(() => OtExtensionMessage.Decode(new byte[OtExtensionMessage.EncodedLength + 1]));
        Assert.Throws<CryptoFormatException>(() => OtExtensionMessage.Decode([]));
    }

    [Fact]
    public void Gf128_multiplication_matches_a_reference()
    {
        // x · x^127 = x^128 = x^7 + x^2 + x + 1
        Assert.Equal((UInt128)0x87, Gf128.Multiply(2, UInt128.One << 127));
        // distributive and commutative on a few fixed values
        UInt128 a = new(0x0123456789abcdefUL, 0xfedcba9876543210UL), b = new(0xdeadbeefUL, 0x1234UL), c = new(0x55UL, 0xaaaaUL << 40);
        Assert.Equal(Gf128.Multiply(a, b), Gf128.Multiply(b, a));
        Assert.Equal(Gf128.Multiply(a, b ^ c), Gf128.Multiply(a, b) ^ Gf128.Multiply(a, c));
        Assert.Equal(a, Gf128.Multiply(a, 1));
    }
}
