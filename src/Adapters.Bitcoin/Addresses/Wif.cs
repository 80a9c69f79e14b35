using System.Security.Cryptography;
using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Core;
using DltSigner.Core.Keys;

namespace DltSigner.Adapters.Bitcoin.Addresses;

/// <summary>Wallet Import Format private keys (base58check: prefix, 32-byte key, optional 0x01 for compressed).</summary>
public static class Wif
{
    public static string Encode(PrivateKey key, bool compressed, Network network)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(network);
        var payload = new byte[compressed ? 34 : 33];
        try
        {
            payload[0] = network.SecretKeyPrefix;
            key.Export(payload.AsSpan(1, 32));
            if (compressed)
            {
                payload[33] = 1;
            }

            return Base58.EncodeCheck(payload);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <summary>Decodes a WIF key of <paramref name="network"/>; the caller owns (disposes) the key.</summary>
    public static PrivateKey Decode(string wif, Network network, out bool compressed)
    {
        ArgumentNullException.ThrowIfNull(network);
        byte[] payload = [];
        try
        {
            if (!Base58.TryDecodeCheck(wif, out payload))
            {
                throw new CryptoFormatException("wif: not base58check");
            }

            compressed = payload.Length == 34 && payload[33] == 1;
            if (!(payload.Length == 33 || compressed) || payload[0] != network.SecretKeyPrefix)
            {
                throw new CryptoFormatException("wif: wrong length, suffix or network prefix");
            }

            return PrivateKey.Import(payload.AsSpan(1, 32));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    public static bool TryDecode(string wif, Network network, out PrivateKey? key, out bool compressed)
    {
        try
        {
            key = Decode(wif, network, out compressed);
            return true;
        }
        catch (CryptoFormatException)
        {
            key = null;
            compressed = false;
            return false;
        }
    }
}
