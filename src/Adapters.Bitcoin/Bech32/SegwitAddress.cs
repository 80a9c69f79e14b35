using DltSigner.Core;

namespace DltSigner.Adapters.Bitcoin.Bech32;

/// <summary>A segwit output program: version 0..16 and a 2..40-byte program.</summary>
public sealed record WitnessProgram(int Version, byte[] Program)
{
    public bool Equals(WitnessProgram? other) =>
        other is not null && Version == other.Version && Program.AsSpan().SequenceEqual(other.Program);

    public override int GetHashCode() => HashCode.Combine(Version, Program.Length);
}

/// <summary>Segwit addresses (BIP173 for v0 with bech32, BIP350 for v1+ with bech32m).</summary>
public static class SegwitAddress
{
    public static string Encode(string hrp, int version, ReadOnlySpan<byte> program)
    {
        CheckProgram(version, program.Length);
        if (!Bech32Codec.TryConvertBits(program, 8, 5, pad: true, out var data))
        {
            throw new ArgumentException("segwit: bad program", nameof(program));
        }

        var data5 = new byte[data.Length + 1];
        data5[0] = (byte)version;
        data.CopyTo(data5, 1);
        return Bech32Codec.Encode(hrp, data5, version == 0 ? Bech32Encoding.Bech32 : Bech32Encoding.Bech32m);
    }

    /// <summary>Decodes an address and checks its HRP equals <paramref name="expectedHrp"/>.</summary>
    public static WitnessProgram Decode(string expectedHrp, string address)
    {
        var (hrp, program) = Decode(address);
        if (hrp != expectedHrp)
        {
            throw new CryptoFormatException("segwit: wrong human-readable part");
        }

        return program;
    }

    /// <summary>Decodes an address without a network check; returns the HRP it uses.</summary>
    public static (string Hrp, WitnessProgram Program) Decode(string address)
    {
        var decoded = Bech32Codec.Decode(address);
        if (decoded.Data.Length < 1)
        {
            throw new CryptoFormatException("segwit: empty data");
        }

        var version = decoded.Data[0];
        if (version > 16)
        {
            throw new CryptoFormatException("segwit: version above 16");
        }

        var expected = version == 0 ? Bech32Encoding.Bech32 : Bech32Encoding.Bech32m;
        if (decoded.Encoding != expected)
        {
            throw new CryptoFormatException("segwit: wrong checksum variant for version");
        }

        if (!Bech32Codec.TryConvertBits(decoded.Data.AsSpan(1), 5, 8, pad: false, out var program))
        {
            throw new CryptoFormatException("segwit: invalid padding");
        }

        CheckProgramFormat(version, program.Length);
        return (decoded.Hrp, new WitnessProgram(version, program));
    }

    private static void CheckProgram(int version, int length)
    {
        try
        {
            CheckProgramFormat(version, length);
        }
        catch (CryptoFormatException e)
        {
            throw new ArgumentException(e.Message, nameof(version), e);
        }
    }

    private static void CheckProgramFormat(int version, int length)
    {
        if (version is < 0 or > 16)
        {
            throw new CryptoFormatException("segwit: version out of range");
        }

        if (length is < 2 or > 40)
        {
            throw new CryptoFormatException("segwit: program length out of range");
        }

        if (version == 0 && length != 20 && length != 32)
        {
            throw new CryptoFormatException("segwit: v0 program must be 20 or 32 bytes");
        }
    }
}
