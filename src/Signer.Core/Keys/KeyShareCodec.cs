using System.Buffers.Binary;
using System.Security.Cryptography;
using DltSigner.Core.Hashing;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;

namespace DltSigner.Core.Keys;

/// <summary>
/// Canonical binary form of a <see cref="KeyShare"/> (secret: the node encrypts it at rest).
/// Layout, integers big-endian:
/// <code>
/// version u8 (= 1)
/// body:  key id (32) ‖ epoch u32 ‖ self u16 ‖ t u16 ‖ n u16 ‖ parties n×u16 ‖ PK (33, compressed)
///        ‖ P(k) n×33 ‖ chain code (32) ‖ x_i (32) ‖ (n−1) × PairwiseSetup (committee order)
/// digest: tagged SHA-256 over version ‖ body (32)
/// </code>
/// The digest is an integrity check against corruption (a file that fails it is rejected before
/// any parsing); authenticity is the storage encryption's job. Every field has one encoding, and the
/// decoder re-runs the constructor's consistency checks.
/// </summary>
internal static class KeyShareCodec
{
    public const byte FormatVersion = 1;

    internal const string DigestTag = "DltSigner/key-share/integrity/v1";
    private const int DigestLength = 32;
    private const int HeaderLength = SessionId.Size + 4 + 2 + 2 + 2;

    /// <summary>Total encoded length for n parties.</summary>
    public static int EncodedLength(int n) =>
        1 + HeaderLength + (2 * n) + 33 + (33 * n) + KeyShare.ChainCodeLength + 32 + ((n - 1) * PairwiseSetup.EncodedLength) + DigestLength;

    public static byte[] Encode(KeyShare share)
    {
        var n = share.PartyCount;
        var output = new byte[EncodedLength(n)];
        var span = output.AsSpan();
        var o = 0;
        span[o++] = FormatVersion;
        share.KeyId.WriteBytes(span.Slice(o, SessionId.Size));
        o += SessionId.Size;
        BinaryPrimitives.WriteUInt32BigEndian(span[o..], share.Epoch);
        o += 4;
        BinaryPrimitives.WriteUInt16BigEndian(span[o..], share.Self.Value);
        o += 2;
        BinaryPrimitives.WriteUInt16BigEndian(span[o..], (ushort)share.Threshold);
        o += 2;
        BinaryPrimitives.WriteUInt16BigEndian(span[o..], (ushort)n);
        o += 2;
        foreach (var p in share.Parties)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[o..], p.Value);
            o += 2;
        }

        share.GroupKey.Point.WriteCompressed(span.Slice(o, 33));
        o += 33;
        foreach (var p in share.PublicShares)
        {
            p.WriteCompressed(span.Slice(o, 33));
            o += 33;
        }

        share.ChainCode.CopyTo(span[o..]);
        o += KeyShare.ChainCodeLength;
        share.Secret.Export(span.Slice(o, 32));
        o += 32;
        foreach (var pw in share.Pairwise)
        {
            pw.WriteTo(span.Slice(o, PairwiseSetup.EncodedLength));
            o += PairwiseSetup.EncodedLength;
        }

        Hashes.WriteTaggedHash(DigestTag, span[..o], span.Slice(o, DigestLength));
        return output;
    }

    public static KeyShare Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < EncodedLength(1))
        {
            throw new CryptoFormatException(KeyShareChecks.Length);
        }

        if (encoded[0] != FormatVersion)
        {
            throw new CryptoFormatException(KeyShareChecks.Version);
        }

        // Integrity before parsing: a corrupted file fails here, whatever the corruption hit.
        var bodyEnd = encoded.Length - DigestLength;
        Span<byte> digest = stackalloc byte[DigestLength];
        Hashes.WriteTaggedHash(DigestTag, encoded[..bodyEnd], digest);
        if (!CryptographicOperations.FixedTimeEquals(digest, encoded[bodyEnd..]))
        {
            throw new CryptoFormatException(KeyShareChecks.Integrity);
        }

        var o = 1;
        var keyId = SessionId.FromBytes(encoded.Slice(o, SessionId.Size));
        o += SessionId.Size;
        var epoch = BinaryPrimitives.ReadUInt32BigEndian(encoded[o..]);
        o += 4;
        var self = BinaryPrimitives.ReadUInt16BigEndian(encoded[o..]);
        o += 2;
        var threshold = BinaryPrimitives.ReadUInt16BigEndian(encoded[o..]);
        o += 2;
        var n = BinaryPrimitives.ReadUInt16BigEndian(encoded[o..]);
        o += 2;
        if (n < 1 || n > KeyShare.MaxParties)
        {
            throw new CryptoFormatException(KeyShareChecks.PartyCount);
        }

        if (encoded.Length != EncodedLength(n))
        {
            throw new CryptoFormatException(KeyShareChecks.Length);
        }

        if (self == 0)
        {
            throw new CryptoFormatException(KeyShareChecks.SelfNotMember);
        }

        var parties = new PartyIndex[n];
        for (var p = 0; p < n; p++)
        {
            var v = BinaryPrimitives.ReadUInt16BigEndian(encoded[o..]);
            o += 2;
            parties[p] = v != 0 ? new PartyIndex(v) : throw new CryptoFormatException(KeyShareChecks.PartyOrder);
        }

        var groupKey = new PublicKey(ReadPoint(encoded.Slice(o, 33)));
        o += 33;
        var publicShares = new Point[n];
        for (var p = 0; p < n; p++)
        {
            publicShares[p] = ReadPoint(encoded.Slice(o, 33));
            o += 33;
        }

        var chainCode = encoded.Slice(o, KeyShare.ChainCodeLength);
        o += KeyShare.ChainCodeLength;
        SecretScalar secret;
        try
        {
            secret = SecretScalar.Import(encoded.Slice(o, 32));
        }
        catch (CryptoFormatException)
        {
            throw new CryptoFormatException(KeyShareChecks.Encoding + " (secret share)");
        }

        o += 32;
        var pairwise = new List<PairwiseSetup>(n - 1);
        try
        {
            for (var p = 0; p < n - 1; p++)
            {
                pairwise.Add(PairwiseSetup.ReadFrom(encoded.Slice(o, PairwiseSetup.EncodedLength)));
                o += PairwiseSetup.EncodedLength;
            }

        }
        catch
        {
            secret.Dispose();
            pairwise.ForEach(p => p.Dispose());
            throw;
        }

        try
        {
            // The constructor runs the consistency checks and disposes the secrets if they fail.
            return new KeyShare(keyId, epoch, new PartyIndex(self), threshold, parties, groupKey, publicShares, chainCode, secret, pairwise);
        }
        catch (ArgumentException e)
        {
            throw new CryptoFormatException(e.Message, e);
        }
    }
    private static Point ReadPoint(ReadOnlySpan<byte> bytes) =>
        bytes[0] is 2 or 3 && Point.TryDecode(bytes, out var p) && !p.IsInfinity
            ? p
            : throw new CryptoFormatException(KeyShareChecks.Encoding + " (point)");
}
