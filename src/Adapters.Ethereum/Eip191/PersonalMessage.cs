using System.Globalization;
using System.Text;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Core;
using DltSigner.Core.Hashing;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Signatures;

namespace DltSigner.Adapters.Ethereum.Eip191;

/// <summary>
/// EIP-191 version 0x45 (personal_sign): keccak256("\x19Ethereum Signed Message:\n" + decimal length
/// + message). Signatures travel as 65 bytes r || s || v with v = 27 + y-parity.
/// </summary>
public static class PersonalMessage
{
    public const int SignatureLength = 65;

    public static byte[] Hash(ReadOnlySpan<byte> message)
    {
        var prefix = Encoding.ASCII.GetBytes("\x19" + "Ethereum Signed Message:\n" + message.Length.ToString(CultureInfo.InvariantCulture));
        return Hashes.Keccak256([.. prefix, .. message]);
    }

    /// <summary>UTF-8 text is hashed as its bytes (a "0x…" string is not decoded as hex).</summary>
    public static byte[] Hash(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Hash(Encoding.UTF8.GetBytes(message));
    }

    /// <summary>65-byte r || s || v (v = 27 + parity), low-S.</summary>
    public static byte[] ToRsv(RecoverableSignature signature)
    {
        var low = signature.NormalizeLowS();
        if (low.RecoveryId > 1)
        {
            throw new CryptoFormatException("personal_sign: recovery id above 1 is not representable");
        }

        return [.. low.Signature.ToCompact(), (byte)(27 + low.RecoveryId)];
    }

    /// <summary>Strict r || s || v parse; v must be 27 or 28 (0/1 also accepted, as wallets emit both).</summary>
    public static RecoverableSignature FromRsv(ReadOnlySpan<byte> rsv)
    {
        if (rsv.Length != SignatureLength)
        {
            throw new CryptoFormatException("personal_sign: signature is not 65 bytes");
        }

        var v = rsv[64];
        var parity = v switch
        {
            27 or 28 => v - 27,
            0 or 1 => v,
            _ => throw new CryptoFormatException("personal_sign: v is not 27 or 28"),
        };
        return new RecoverableSignature(EcdsaSignature.FromCompact(rsv[..64]), parity);
    }

    /// <summary>Reference single-key signing (RFC 6979) of the message hash.</summary>
    public static byte[] Sign(PrivateKey key, ReadOnlySpan<byte> message) => ToRsv(Ecdsa.Sign(key, Hash(message)));

    /// <summary>The signer's address; EIP-2 low-S is required.</summary>
    public static Address RecoverSigner(ReadOnlySpan<byte> message, ReadOnlySpan<byte> rsv) =>
        RecoverFromHash(Hash(message), rsv);

    /// <summary>Recovers the address that signed a 32-byte digest given as r || s || v (also used by EIP-712).</summary>
    public static Address RecoverFromHash(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> rsv)
    {
        var signature = FromRsv(rsv);
        if (!signature.Signature.IsLowS)
        {
            throw new CryptoFormatException("signature: high s (EIP-2)");
        }

        return Address.FromPublicKey(Ecdsa.RecoverPublicKey(digest, signature));
    }
}
