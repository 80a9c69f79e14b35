using System.Security.Cryptography;
using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Core;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;

namespace DltSigner.Adapters.Bitcoin.Scripts;

/// <summary>A taproot output key: x-only bytes and the parity of its y coordinate.</summary>
public sealed record TaprootOutputKey(byte[] XOnly, bool OddY);

/// <summary>Taproot construction (BIP341): leaf and branch hashes, key tweaking, control blocks.</summary>
public static class Taproot
{
    public const byte TapScriptLeafVersion = 0xc0;

    /// <summary>TaggedHash("TapLeaf", leaf_version || compact_size(script) || script).</summary>
    public static byte[] LeafHash(byte leafVersion, Script script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var w = new ByteWriter(script.Length + 10);
        w.WriteByte(leafVersion);
        w.WriteVarBytes(script.Span);
        return Hashes.TaggedHash("TapLeaf", w.WrittenSpan);
    }

    /// <summary>TaggedHash("TapBranch", min(a,b) || max(a,b)).</summary>
    public static byte[] BranchHash(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != 32 || b.Length != 32)
        {
            throw new ArgumentException("branch children must be 32-byte hashes");
        }

        var data = new byte[64];
        var aFirst = a.SequenceCompareTo(b) <= 0;
        (aFirst ? a : b).CopyTo(data);
        (aFirst ? b : a).CopyTo(data.AsSpan(32));
        return Hashes.TaggedHash("TapBranch", data);
    }

    /// <summary>TaggedHash("TapTweak", P || merkle_root); the root is omitted for key-path-only outputs.</summary>
    public static byte[] TweakHash(ReadOnlySpan<byte> internalKeyXOnly, ReadOnlySpan<byte> merkleRoot)
    {
        RequireXOnly(internalKeyXOnly);
        if (!merkleRoot.IsEmpty && merkleRoot.Length != 32)
        {
            throw new ArgumentException("merkle root must be 32 bytes or empty", nameof(merkleRoot));
        }

        var data = new byte[32 + merkleRoot.Length];
        internalKeyXOnly.CopyTo(data);
        merkleRoot.CopyTo(data.AsSpan(32));
        return Hashes.TaggedHash("TapTweak", data);
    }

    /// <summary>Q = lift_x(P) + t·G (BIP341 taproot_tweak_pubkey).</summary>
    public static TaprootOutputKey TweakPublicKey(ReadOnlySpan<byte> internalKeyXOnly, ReadOnlySpan<byte> merkleRoot)
    {
        var t = TweakScalar(internalKeyXOnly, merkleRoot);
        if (!Point.TryLiftX(internalKeyXOnly, out var p))
        {
            throw new CryptoFormatException("taproot: internal key not on the curve");
        }

        var q = p + Point.BaseMulVar(t);
        if (q.IsInfinity)
        {
            throw new CryptoFormatException("taproot: tweaked key is infinity");
        }

        return new TaprootOutputKey(q.XBytes(), q.HasOddY);
    }

    /// <summary>
    /// The key-path signing key (BIP341 taproot_tweak_seckey): d' negated when its point has odd y,
    /// plus t. The caller owns (disposes) the returned key.
    /// </summary>
    public static PrivateKey TweakPrivateKey(PrivateKey internalKey, ReadOnlySpan<byte> merkleRoot)
    {
        ArgumentNullException.ThrowIfNull(internalKey);
        var publicPoint = internalKey.PublicKey.Point;
        var t = TweakScalar(publicPoint.XBytes(), merkleRoot);
        var buffer = new byte[32];
        try
        {
            internalKey.Export(buffer);
            var d = Scalar.FromBytes(buffer);
            var tweaked = Scalar.Select(d, -d, publicPoint.HasOddY) + t;
            tweaked.WriteBytes(buffer);
            return PrivateKey.Import(buffer);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Control block: (leaf_version | parity of Q) || P || path (BIP341 script path spending).</summary>
    public static byte[] ControlBlock(byte leafVersion, bool outputKeyOddY, ReadOnlySpan<byte> internalKeyXOnly, IEnumerable<byte[]> merklePath)
    {
        RequireXOnly(internalKeyXOnly);
        ArgumentNullException.ThrowIfNull(merklePath);
        var w = new ByteWriter(33 + 64);
        w.WriteByte((byte)((leafVersion & 0xfe) | (outputKeyOddY ? 1 : 0)));
        w.Write(internalKeyXOnly);
        foreach (var node in merklePath)
        {
            if (node.Length != 32)
            {
                throw new ArgumentException("merkle path nodes must be 32 bytes", nameof(merklePath));
            }

            w.Write(node);
        }

        return w.ToArray();
    }

    private static Scalar TweakScalar(ReadOnlySpan<byte> internalKeyXOnly, ReadOnlySpan<byte> merkleRoot)
    {
        // BIP341: fail if t ≥ n (negligible probability).
        if (!Scalar.TryFromBytes(TweakHash(internalKeyXOnly, merkleRoot), out var t))
        {
            throw new CryptoFormatException("taproot: tweak not below the group order");
        }

        return t;
    }

    private static void RequireXOnly(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("x-only key must be 32 bytes", nameof(key));
        }
    }
}
