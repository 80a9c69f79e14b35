using System.Buffers.Binary;
using System.Security.Cryptography;
using DltSigner.Core.Math;

namespace DltSigner.Core.Ot;

/// <summary>
/// Random OTs from Bob's view: his choice bits and, per OT, the <c>width</c> scalars v_{x_j,j}.
/// Secret; <see cref="Dispose"/> zeroes it.
/// </summary>
public sealed class RandomOtReceiverOutput : IDisposable
{
    internal RandomOtReceiverOutput(byte[] choices, Scalar[] chosen, int width)
    {
        Choices = choices;
        Chosen = chosen;
        Width = width;
    }

    /// <summary>Choice bits x_j, bit j = (Choices[j/8] >> j%8) &amp; 1.</summary>
    internal byte[] Choices { get; }

    /// <summary>v_{x_j, j, k} at index j·Width + k.</summary>
    internal Scalar[] Chosen { get; }

    public int Width { get; }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(Choices);
        Array.Clear(Chosen);
    }
}

/// <summary>Random OTs from Alice's view: both outputs v0_j, v1_j (each <c>width</c> scalars). Secret.</summary>
public sealed class RandomOtSenderOutput : IDisposable
{
    internal RandomOtSenderOutput(Scalar[] v0, Scalar[] v1, int width)
    {
        V0 = v0;
        V1 = v1;
        Width = width;
    }

    internal Scalar[] V0 { get; }

    internal Scalar[] V1 { get; }

    public int Width { get; }

    public void Dispose()
    {
        Array.Clear(V0);
        Array.Clear(V1);
    }
}

/// <summary>
/// KOS15 OT extension (ePrint 2015/546, Fig. 10 of the revised version: the consistency check is
/// per column over GF(2^128) blocks, the form proven secure), producing ξ random OTs whose
/// outputs are vectors of scalars. The check challenge χ is derived by Fiat–Shamir from the
/// session and u (DKLs23 p. 30), so the extension is one message Bob → Alice.
/// The session id must be fresh for every extension under one setup: the PRG is keyed by it,
/// and a repeated id would reveal the XOR of two choice vectors.
/// </summary>
public static class OtExtension
{
    public const int OtCount = OtParameters.Xi;

    /// <summary>Bob: extends with the given choice bits (ξ bits, little-endian bit order) to one message.</summary>
    public static (OtExtensionMessage Message, RandomOtReceiverOutput Output) Receive(
        OtSession session, OtExtensionReceiverSetup setup, ReadOnlySpan<byte> choiceBits, int width)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (choiceBits.Length != (OtCount + 7) / 8)
        {
            throw new ArgumentException("choice bits must be ξ bits", nameof(choiceBits));
        }

        // x = choices ‖ random padding and check mask (KOS15 Fig. 10, step 1)
        var x = new byte[OtParameters.ColumnBytes];
        RandomNumberGenerator.Fill(x);
        choiceBits.CopyTo(x);

        var prgKey = PrgKey(session);
        var t0 = new byte[OtParameters.LambdaC][];
        var u = new byte[OtParameters.LambdaC][];
        try
        {
            for (var i = 0; i < OtParameters.LambdaC; i++)
            {
                t0[i] = BitOps.Prg(setup.Seed(i, 0), prgKey, i);
                var t1 = BitOps.Prg(setup.Seed(i, 1), prgKey, i);
                u[i] = new byte[OtParameters.ColumnBytes];
                for (var k = 0; k < u[i].Length; k++)
                {
                    u[i][k] = (byte)(t0[i][k] ^ t1[k] ^ x[k]);
                }

                CryptographicOperations.ZeroMemory(t1);
            }

            var chi = CheckChallenge(session, u);
            Span<byte> xCheck = stackalloc byte[Gf128.Bytes];
            Gf128.Store(Combine(chi, x), xCheck);
            var tCheck = new byte[OtParameters.LambdaC][];
            for (var i = 0; i < OtParameters.LambdaC; i++)
            {
                tCheck[i] = new byte[Gf128.Bytes];
                Gf128.Store(Combine(chi, t0[i]), tCheck[i]);
            }

            var message = OtExtensionMessage.Create(u, xCheck, tCheck);
            var rows = BitOps.Transpose(t0, OtCount);
            var chosen = new Scalar[OtCount * width];
            var binding = OutputBinding(session);
            for (var j = 0; j < OtCount; j++)
            {
                HashRow(binding, j, rows.AsSpan(j * Gf128.Bytes, Gf128.Bytes), chosen.AsSpan(j * width, width));
            }

            CryptographicOperations.ZeroMemory(rows);
            var choices = choiceBits.ToArray();
            return (message, new RandomOtReceiverOutput(choices, chosen, width));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(x);
            foreach (var column in t0)
            {
                if (column is not null)
                {
                    CryptographicOperations.ZeroMemory(column);
                }
            }
        }
    }

    /// <summary>Alice: checks Bob's message (KOS consistency) and derives both outputs of every OT.</summary>
    public static RandomOtSenderOutput Send(OtSession session, OtExtensionSenderSetup setup, OtExtensionMessage message, int width)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);

        var prgKey = PrgKey(session);
        var delta = setup.Delta;
        var q = new byte[OtParameters.LambdaC][];
        try
        {
            // q_i = PRG(k^{Δ_i}_i) ⊕ Δ_i·u_i = t⁰_i ⊕ Δ_i·x
            for (var i = 0; i < OtParameters.LambdaC; i++)
            {
                q[i] = BitOps.Prg(setup.Seed(i), prgKey, i);
                BitOps.ConditionalXor(q[i], message.U(i), BitOps.GetBit(delta, i));
            }

            // Check per column: Σ χ_k·q_{i,k} + q_{i,last} = t̃_i + Δ_i·x̃ (KOS15 Fig. 10, check step 3)
            var chi = CheckChallenge(session, message.AllU);
            var xCheck = Gf128.Load(message.XCheck);
            UInt128 difference = 0;
            for (var i = 0; i < OtParameters.LambdaC; i++)
            {
                var deltaMask = UInt128.Zero - BitOps.GetBit(delta, i);
                var expected = Gf128.Load(message.TCheck(i)) ^ (xCheck & deltaMask);
                difference |= Combine(chi, q[i]) ^ expected;
            }

            if (difference != UInt128.Zero)
            {
                throw new OtProtocolException(OtChecks.KosConsistency);
            }

            var rows = BitOps.Transpose(q, OtCount);
            var v0 = new Scalar[OtCount * width];
            var v1 = new Scalar[OtCount * width];
            var binding = OutputBinding(session);
            Span<byte> flipped = stackalloc byte[Gf128.Bytes];
            for (var j = 0; j < OtCount; j++)
            {
                var row = rows.AsSpan(j * Gf128.Bytes, Gf128.Bytes);
                HashRow(binding, j, row, v0.AsSpan(j * width, width));
                for (var k = 0; k < Gf128.Bytes; k++)
                {
                    flipped[k] = (byte)(row[k] ^ delta[k]);
                }

                HashRow(binding, j, flipped, v1.AsSpan(j * width, width));
            }

            CryptographicOperations.ZeroMemory(flipped);
            CryptographicOperations.ZeroMemory(rows);
            return new RandomOtSenderOutput(v0, v1, width);
        }
        finally
        {
            foreach (var column in q)
            {
                if (column is not null)
                {
                    CryptographicOperations.ZeroMemory(column);
                }
            }
        }
    }

    /// <summary>Σ_k χ_k·block_k + last block, over the <see cref="OtParameters.CheckBlocks"/> data blocks of a column.</summary>
    private static UInt128 Combine(UInt128[] chi, ReadOnlySpan<byte> column)
    {
        var acc = Gf128.Load(column.Slice(OtParameters.CheckBlocks * Gf128.Bytes, Gf128.Bytes));
        for (var k = 0; k < OtParameters.CheckBlocks; k++)
        {
            acc ^= Gf128.Multiply(chi[k], Gf128.Load(column.Slice(k * Gf128.Bytes, Gf128.Bytes)));
        }

        return acc;
    }

    private static UInt128[] CheckChallenge(OtSession session, byte[][] u)
    {
        var all = new byte[OtExtensionMessage.UBytes];
        for (var i = 0; i < u.Length; i++)
        {
            u[i].CopyTo(all, i * OtParameters.ColumnBytes);
        }

        return CheckChallenge(session, all);
    }

    private static UInt128[] CheckChallenge(OtSession session, ReadOnlySpan<byte> allU)
    {
        var t = session.NewTranscript("kos-check");
        t.Append("u", allU);
        var bytes = t.Challenge("chi", OtParameters.CheckBlocks * Gf128.Bytes);
        var chi = new UInt128[OtParameters.CheckBlocks];
        for (var k = 0; k < chi.Length; k++)
        {
            chi[k] = Gf128.Load(bytes.AsSpan(k * Gf128.Bytes, Gf128.Bytes));
        }

        return chi;
    }

    private static byte[] PrgKey(OtSession session) => session.NewTranscript("kos-prg").Challenge("key", 32);

    private static byte[] OutputBinding(OtSession session) => session.NewTranscript("kos-output").Challenge("key", 32);

    /// <summary>
    /// The random-OT hash H(binding, j, k, row) → scalar k of OT j: SHA-256 reduced mod n
    /// (n > 2^256 − 2^129, so the bias is below 2^-127).
    /// </summary>
    private static void HashRow(byte[] binding, int j, ReadOnlySpan<byte> row, Span<Scalar> destination)
    {
        Span<byte> input = stackalloc byte[32 + 4 + 4 + Gf128.Bytes];
        Span<byte> digest = stackalloc byte[32];
        binding.CopyTo(input);
        BinaryPrimitives.WriteInt32BigEndian(input[32..], j);
        row.CopyTo(input[40..]);
        for (var k = 0; k < destination.Length; k++)
        {
            BinaryPrimitives.WriteInt32BigEndian(input[36..], k);
            SHA256.HashData(input, digest);
            destination[k] = Scalar.FromBytesReduced(digest);
        }

        CryptographicOperations.ZeroMemory(input);
        CryptographicOperations.ZeroMemory(digest);
    }
}
