using System.Security.Cryptography;
using System.Text.Json;
using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;
using DltSigner.Tests.Shared;
using Xunit.Abstractions;

namespace DltSigner.Core.Tests.Signatures;

/// <summary>
/// Wycheproof ecdsa_secp256k1_sha256_test.json (DER signatures): "valid" must parse strictly and verify
/// (high-S included: standard verification); "invalid" must be rejected by the strict DER parser or by
/// verification. "acceptable" cases (none in testvectors_v1 at this commit) are decided by flag:
/// BER/encoding oddities must be rejected by strict DER, anything else is reported, not asserted.
/// </summary>
public sealed class WycheproofEcdsaTests(ITestOutputHelper output)
{
    private static readonly HashSet<string> EncodingFlags = ["BerEncodedSignature", "InvalidEncoding", "MissingZero"];

    [Fact]
    public void Every_case_matches_its_expected_result()
    {
        using var doc = JsonDocument.Parse(TestVectors.ReadText("wycheproof", "ecdsa_secp256k1_sha256_test.json"));
        var root = doc.RootElement;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int total = 0, rejectedByDer = 0, rejectedByVerify = 0, acceptableAccepted = 0;
        foreach (var group in root.GetProperty("testGroups").EnumerateArray())
        {
            Assert.Equal("SHA-256", group.GetProperty("sha").GetString());
            var keyBytes = Convert.FromHexString(group.GetProperty("publicKey").GetProperty("uncompressed").GetString()!);
            Assert.True(PublicKey.TryDecode(keyBytes, out var publicKey));
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                var id = test.GetProperty("tcId").GetInt32();
                var result = test.GetProperty("result").GetString()!;
                var flags = test.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!).ToList();
                var hash = SHA256.HashData(Convert.FromHexString(test.GetProperty("msg").GetString()!));
                var der = Convert.FromHexString(test.GetProperty("sig").GetString()!);

                var parsed = EcdsaSignature.TryParseDer(der, out var signature);
                var accepted = parsed && Ecdsa.Verify(publicKey!, hash, signature);
                Assert.Equal(accepted, Ecdsa.VerifyDer(publicKey!, hash, der));
                switch (result)
                {
                    case "valid":
                        Assert.True(accepted, $"tcId {id} valid but rejected ({string.Join(',', flags)})");

                        // Strict DER is canonical: re-encoding gives the same bytes.
                        Assert.Equal(der, signature.ToDer());
                        break;
                    case "invalid":
                        Assert.False(accepted, $"tcId {id} invalid but accepted ({string.Join(',', flags)})");
                        rejectedByDer += parsed ? 0 : 1;
                        rejectedByVerify += parsed ? 1 : 0;
                        break;
                    case "acceptable":
                        if (flags.Any(EncodingFlags.Contains))
                        {
                            Assert.False(parsed, $"tcId {id}: strict DER must reject {string.Join(',', flags)}");
                        }

                        acceptableAccepted += accepted ? 1 : 0;
                        break;
                    default:
                        throw new InvalidDataException($"tcId {id}: unknown result {result}");
                }

                counts[result] = counts.GetValueOrDefault(result) + 1;
                total++;
            }
        }

        output.WriteLine($"Wycheproof ECDSA secp256k1/SHA-256: {total} cases; " + string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")));
        output.WriteLine($"invalid rejected by strict DER: {rejectedByDer}, by verification: {rejectedByVerify}; acceptable accepted: {acceptableAccepted}");
        Assert.Equal(root.GetProperty("numberOfTests").GetInt32(), total);
        Assert.Equal(476, total);
        Assert.Equal(168, counts.GetValueOrDefault("valid"));
        Assert.Equal(308, counts.GetValueOrDefault("invalid"));
        Assert.Equal(0, counts.GetValueOrDefault("acceptable"));
    }
}
