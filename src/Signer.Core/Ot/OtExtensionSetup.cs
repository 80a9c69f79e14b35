using System.Security.Cryptography;

namespace DltSigner.Core.Ot;

/// <summary>
/// Alice's long-lived OT-extension state after the base OTs: Δ ∈ {0,1}^λ_c (her base-OT choice
/// bits) and the seeds k^{Δ_i}_i. Secret; zeroed on <see cref="Dispose"/>. Export/Import is for
/// encrypted key-share storage only.
/// </summary>
public sealed class OtExtensionSenderSetup : IDisposable
{
    public const int EncodedLength = (OtParameters.LambdaC / 8) + (OtParameters.LambdaC * OtParameters.SeedBytes);

    private readonly byte[] _delta;
    private readonly byte[][] _seeds;
    private bool _disposed;

    internal OtExtensionSenderSetup(byte[] delta, byte[][] seeds)
    {
        _delta = delta;
        _seeds = seeds;
    }

    internal ReadOnlySpan<byte> Delta
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _delta;
        }
    }

    internal ReadOnlySpan<byte> Seed(int i)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _seeds[i];
    }

    public byte[] Export()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var buffer = new byte[EncodedLength];
        _delta.CopyTo(buffer, 0);
        for (var i = 0; i < _seeds.Length; i++)
        {
            _seeds[i].CopyTo(buffer, _delta.Length + (i * OtParameters.SeedBytes));
        }

        return buffer;
    }

    public static OtExtensionSenderSetup Import(ReadOnlySpan<byte> encoded)
    {
        var r = new WireReader(encoded, "ot-extension sender setup", EncodedLength);
        var delta = r.ReadBytes(OtParameters.LambdaC / 8).ToArray();
        var seeds = new byte[OtParameters.LambdaC][];
        for (var i = 0; i < seeds.Length; i++)
        {
            seeds[i] = r.ReadBytes(OtParameters.SeedBytes).ToArray();
        }

        r.End();
        return new OtExtensionSenderSetup(delta, seeds);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        CryptographicOperations.ZeroMemory(_delta);
        foreach (var s in _seeds)
        {
            CryptographicOperations.ZeroMemory(s);
        }

        _disposed = true;
    }
}

/// <summary>
/// Bob's long-lived OT-extension state after the base OTs: both seeds (k⁰_i, k¹_i) of every base OT.
/// Secret; zeroed on <see cref="Dispose"/>.
/// </summary>
public sealed class OtExtensionReceiverSetup : IDisposable
{
    public const int EncodedLength = 2 * OtParameters.LambdaC * OtParameters.SeedBytes;

    private readonly byte[][] _seeds0;
    private readonly byte[][] _seeds1;
    private bool _disposed;

    internal OtExtensionReceiverSetup(byte[][] seeds0, byte[][] seeds1)
    {
        _seeds0 = seeds0;
        _seeds1 = seeds1;
    }

    internal ReadOnlySpan<byte> Seed(int i, int bit)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return bit == 0 ? _seeds0[i] : _seeds1[i];
    }

    public byte[] Export()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var buffer = new byte[EncodedLength];
        for (var i = 0; i < OtParameters.LambdaC; i++)
        {
            _seeds0[i].CopyTo(buffer, 2 * i * OtParameters.SeedBytes);
            _seeds1[i].CopyTo(buffer, ((2 * i) + 1) * OtParameters.SeedBytes);
        }

        return buffer;
    }

    public static OtExtensionReceiverSetup Import(ReadOnlySpan<byte> encoded)
    {
        var r = new WireReader(encoded, "ot-extension receiver setup", EncodedLength);
        var seeds0 = new byte[OtParameters.LambdaC][];
        var seeds1 = new byte[OtParameters.LambdaC][];
        for (var i = 0; i < OtParameters.LambdaC; i++)
        {
            seeds0[i] = r.ReadBytes(OtParameters.SeedBytes).ToArray();
            seeds1[i] = r.ReadBytes(OtParameters.SeedBytes).ToArray();
        }

        r.End();
        return new OtExtensionReceiverSetup(seeds0, seeds1);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        foreach (var s in _seeds0)
        {
            CryptographicOperations.ZeroMemory(s);
        }

        foreach (var s in _seeds1)
        {
            CryptographicOperations.ZeroMemory(s);
        }

        _disposed = true;
    }
}
