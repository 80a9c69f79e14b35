namespace DltSigner.Adapters.Bitcoin.SigHash;

/// <summary>Script-level ECDSA signature encoding: DER then one hash-type byte.</summary>
public static class SignatureEncoding
{
    /// <summary>
    /// Bitcoin Core's CheckSignatureEncoding with DERSIG|STRICTENC: BIP66 strict DER plus a defined
    /// hash type (ALL, NONE, SINGLE, optionally ANYONECANPAY). Low-S is not required here.
    /// </summary>
    public static bool IsValidEcdsaWithHashType(ReadOnlySpan<byte> sig) =>
        IsValidBip66(sig) && (sig[^1] & 0x7f) is >= 1 and <= 3;

    /// <summary>BIP66 IsValidSignatureEncoding, over DER || hashtype.</summary>
    public static bool IsValidBip66(ReadOnlySpan<byte> sig)
    {
        if (sig.Length < 9 || sig.Length > 73 || sig[0] != 0x30 || sig[1] != sig.Length - 3)
        {
            return false;
        }

        int lenR = sig[3];
        if (5 + lenR >= sig.Length)
        {
            return false;
        }

        int lenS = sig[5 + lenR];
        if (lenR + lenS + 7 != sig.Length)
        {
            return false;
        }

        if (sig[2] != 0x02 || lenR == 0 || (sig[4] & 0x80) != 0 || (lenR > 1 && sig[4] == 0 && (sig[5] & 0x80) == 0))
        {
            return false;
        }

        var s = lenR + 6;
        return sig[lenR + 4] == 0x02 && lenS != 0 && (sig[s] & 0x80) == 0
            && !(lenS > 1 && sig[s] == 0 && (sig[s + 1] & 0x80) == 0);
    }
}
