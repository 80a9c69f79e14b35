using System.Buffers.Binary;
using System.Security.Cryptography;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;

namespace DltSigner.Core.Protocols.Sign;

/// <summary>The F_Zero seed shared with a counterparty (a view into the key share; not copied).</summary>
internal delegate ReadOnlySpan<byte> SeedLookup(PartyIndex counterparty);

/// <summary>
/// F_Zero (DKLs23 Functionality 3.4) from pairwise seeds: ζ_i = Σ_{j∈S, j≠i} ±PRF(seed_{ij}, sid, S)
/// with + when i &lt; j and − when i &gt; j. Each pair's two terms cancel, so Σ_{i∈S} ζ_i = 0, while
/// any single ζ_i looks uniform to everyone who lacks one of its seeds. sid is fresh per signing,
/// so every session re-randomises the additive key shares sk_i. PRF = HMAC-SHA512 keyed by the seed,
/// 64 bytes reduced mod n (bias &lt; 2^-256).
/// </summary>
internal static class ZeroShare
{
    public const int SeedLength = 32;

    private static ReadOnlySpan<byte> Label => "DltSigner/DKLs23/f-zero/v1"u8;

    public static Scalar Compute(PartyIndex self, IReadOnlyList<PartyIndex> signers, SessionId session, SeedLookup seedFor)
    {
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(seedFor);
        var zeta = Scalar.Zero;
        foreach (var peer in signers)
        {
            if (peer == self)
            {
                continue;
            }

            var term = Prf(seedFor(peer), session, signers, self < peer ? self : peer, self < peer ? peer : self);
            zeta = self < peer ? zeta + term : zeta - term;
        }

        return zeta;
    }

    private static Scalar Prf(ReadOnlySpan<byte> seed, SessionId session, IReadOnlyList<PartyIndex> signers, PartyIndex low, PartyIndex high)
    {
        if (seed.Length != SeedLength)
        {
            throw new ProtocolException(ProtocolErrorKind.InvalidKeyShare, "f-zero seed is not 32 bytes");
        }

        // label ‖ sid ‖ low ‖ high ‖ |S| ‖ S: fixed-size fields, so the input encoding is injective
        var input = new byte[Label.Length + SessionId.Size + 4 + 2 + (2 * signers.Count)];
        Label.CopyTo(input);
        var at = Label.Length;
        session.WriteBytes(input.AsSpan(at));
        at += SessionId.Size;
        BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(at), low.Value);
        BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(at + 2), high.Value);
        BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(at + 4), (ushort)signers.Count);
        at += 6;
        foreach (var s in signers)
        {
            BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(at), s.Value);
            at += 2;
        }

        Span<byte> output = stackalloc byte[64];
        try
        {
            HMACSHA512.HashData(seed, input, output);
            return Scalar.FromBytesReduced(output);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(output);
        }
    }
}
