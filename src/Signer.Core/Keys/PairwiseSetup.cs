using System.Security.Cryptography;
using DltSigner.Core.Mpc;
using DltSigner.Core.Ot;

namespace DltSigner.Core.Keys;

/// <summary>
/// What one party holds towards one counterparty after key generation: both OT-extension
/// directions of the pair (DKLs23 §5: this party as OT-extension sender / RVOLE Alice, and as
/// receiver / RVOLE Bob) and the 32-byte seed both share for F_Zero (DKLs23 Functionality 3.4).
/// Secret; owns its parts and zeroes them on <see cref="Dispose"/>. Prints the counterparty only.
/// </summary>
public sealed class PairwiseSetup : IDisposable
{
    /// <summary>Bytes of the F_Zero seed.</summary>
    public const int ZeroSeedLength = 32;

    /// <summary>Encoded size: counterparty (2) ‖ sender setup ‖ receiver setup ‖ zero seed.</summary>
    public const int EncodedLength = 2 + OtExtensionSenderSetup.EncodedLength + OtExtensionReceiverSetup.EncodedLength + ZeroSeedLength;

    private readonly byte[] _zeroSeed;
    private bool _disposed;

    /// <summary>Takes ownership of both setups; copies the seed (the caller zeroes its own copy).</summary>
    public PairwiseSetup(PartyIndex counterparty, OtExtensionSenderSetup asSender, OtExtensionReceiverSetup asReceiver, ReadOnlySpan<byte> zeroSeed)
    {
        if (!counterparty.IsValid)
        {
            throw new ArgumentException("counterparty index is invalid", nameof(counterparty));
        }

        ArgumentNullException.ThrowIfNull(asSender);
        ArgumentNullException.ThrowIfNull(asReceiver);
        if (zeroSeed.Length != ZeroSeedLength)
        {
            throw new ArgumentException("F_Zero seed must be 32 bytes", nameof(zeroSeed));
        }

        Counterparty = counterparty;
        AsSender = asSender;
        AsReceiver = asReceiver;
        _zeroSeed = zeroSeed.ToArray();
    }

    /// <summary>The other party of the pair.</summary>
    public PartyIndex Counterparty { get; }

    /// <summary>This party as OT-extension sender (RVOLE Alice) towards <see cref="Counterparty"/>.</summary>
    public OtExtensionSenderSetup AsSender
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return field;
        }
    }

    /// <summary>This party as OT-extension receiver (RVOLE Bob) towards <see cref="Counterparty"/>.</summary>
    public OtExtensionReceiverSetup AsReceiver
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return field;
        }
    }

    /// <summary>The F_Zero seed shared with <see cref="Counterparty"/> (same bytes on both sides).</summary>
    internal ReadOnlySpan<byte> ZeroSeed
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _zeroSeed;
        }
    }

    internal void WriteTo(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(destination, Counterparty.Value);
        var offset = 2;
        var sender = AsSender.Export();
        var receiver = AsReceiver.Export();
        try
        {
            sender.CopyTo(destination[offset..]);
            offset += sender.Length;
            receiver.CopyTo(destination[offset..]);
            offset += receiver.Length;
            _zeroSeed.CopyTo(destination[offset..]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sender);
            CryptographicOperations.ZeroMemory(receiver);
        }
    }

    /// <summary>Strict decoding of exactly <see cref="EncodedLength"/> bytes (index validity is the caller's check).</summary>
    internal static PairwiseSetup ReadFrom(ReadOnlySpan<byte> source)
    {
        if (source.Length != EncodedLength)
        {
            throw new CryptoFormatException("pairwise setup: length");
        }

        var index = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(source);
        if (index == 0)
        {
            throw new CryptoFormatException("pairwise setup: counterparty index 0");
        }

        var offset = 2;
        var sender = OtExtensionSenderSetup.Import(source.Slice(offset, OtExtensionSenderSetup.EncodedLength));
        offset += OtExtensionSenderSetup.EncodedLength;
        var receiver = OtExtensionReceiverSetup.Import(source.Slice(offset, OtExtensionReceiverSetup.EncodedLength));
        offset += OtExtensionReceiverSetup.EncodedLength;
        return new PairwiseSetup(new PartyIndex(index), sender, receiver, source.Slice(offset, ZeroSeedLength));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        AsSender.Dispose();
        AsReceiver.Dispose();
        CryptographicOperations.ZeroMemory(_zeroSeed);
        _disposed = true;
    }

    public override string ToString() => $"PairwiseSetup(counterparty={Counterparty}, redacted)";
}
