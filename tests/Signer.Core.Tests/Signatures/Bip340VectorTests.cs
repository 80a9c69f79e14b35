using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;
using DltSigner.Tests.Shared;
using Xunit.Abstractions;

namespace DltSigner.Core.Tests.Signatures;

public sealed class Bip340VectorTests(ITestOutputHelper output)
{
    [Fact]
    public void Official_vectors_sign_and_verify()
    {
        var lines = File.ReadAllLines(TestVectors.Path("bip340", "test-vectors.csv"));
        Assert.StartsWith("index,secret key,public key,aux_rand,message,signature,verification result", lines[0], StringComparison.Ordinal);
        int rows = 0, signed = 0;
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            // index, secret key, public key, aux_rand, message, signature, result, comment
            var f = line.Split(',', 8);
            var publicKey = Convert.FromHexString(f[2]);
            var message = Convert.FromHexString(f[4]);
            var signature = Convert.FromHexString(f[5]);
            var expected = f[6] switch
            {
                "TRUE" => true,
                "FALSE" => false,
                _ => throw new InvalidDataException("bad result column in row " + f[0]),
            };

            if (f[1].Length > 0)
            {
                using var key = PrivateKey.Import(Convert.FromHexString(f[1]));
                Assert.Equal(publicKey, key.PublicKey.ToXOnly());
                var ours = Bip340.Sign(key, message, Convert.FromHexString(f[3]));
                Assert.True(signature.AsSpan().SequenceEqual(ours), $"row {f[0]}: signature mismatch");

                var buffer = new byte[70];
                Assert.True(Bip340.TrySign(key, message, Convert.FromHexString(f[3]), buffer, out var written));
                Assert.Equal(64, written);
                Assert.True(buffer.AsSpan(0, 64).SequenceEqual(ours));
                signed++;
            }

            Assert.True(expected == Bip340.Verify(publicKey, message, signature), $"row {f[0]}: expected {expected} ({f[7]})");
            rows++;
        }

        output.WriteLine($"BIP340: {rows} rows verified, {signed} signed");
        Assert.Equal(19, rows);
        Assert.Equal(8, signed);
    }

    [Fact]
    public void Malformed_inputs_are_rejected_not_thrown()
    {
        Assert.False(Bip340.Verify(new byte[31], [], new byte[64]));
        Assert.False(Bip340.Verify(new byte[32], [], new byte[63]));
        Assert.False(Bip340.Verify(new byte[32], [], new byte[64]));
        using var key = PrivateKey.Generate();
        Assert.Throws<ArgumentException>(() => Bip340.Sign(key, [], new byte[31]));
        Assert.False(Bip340.TrySign(key, [], new byte[32], new byte[63], out var written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void Random_keys_and_messages_round_trip()
    {
        var rng = new Random(340);
        for (var i = 0; i < 30; i++)
        {
            var keyBytes = TestKeys.RandomKeyBytes(rng);
            using var key = PrivateKey.Import(keyBytes);
            var message = new byte[rng.Next(0, 100)];
            rng.NextBytes(message);
            var aux = new byte[32];
            rng.NextBytes(aux);
            var sig = Bip340.Sign(key, message, aux);
            var xonly = key.PublicKey.ToXOnly();
            Assert.True(Bip340.Verify(xonly, message, sig));
            sig[63] ^= 1;
            Assert.False(Bip340.Verify(xonly, message, sig));
        }
    }
}
