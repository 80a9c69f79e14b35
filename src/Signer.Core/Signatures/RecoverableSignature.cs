namespace DltSigner.Core.Signatures;

/// <summary>
/// An ECDSA signature with its recovery id (0..3): bit 0 is the parity of R.y, bit 1 is set when
/// R.x ≥ n (r = R.x − n). Negating s (low-S) negates R, so it flips bit 0.
/// </summary>
public readonly struct RecoverableSignature : IEquatable<RecoverableSignature>
{
    public RecoverableSignature(EcdsaSignature signature, int recoveryId)
    {
        if ((uint)recoveryId > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(recoveryId), "recovery id must be 0..3");
        }

        Signature = signature;
        RecoveryId = recoveryId;
    }

    public EcdsaSignature Signature { get; }

    public int RecoveryId { get; }

    /// <summary>Low-S form; the recovery id's parity bit flips together with s.</summary>
    public RecoverableSignature NormalizeLowS() =>
        Signature.IsLowS ? this : new RecoverableSignature(Signature.NormalizeLowS(), RecoveryId ^ 1);

    public void Deconstruct(out EcdsaSignature signature, out int recoveryId)
    {
        signature = Signature;
        recoveryId = RecoveryId;
    }

    public bool Equals(RecoverableSignature other) => Signature == other.Signature && RecoveryId == other.RecoveryId;

    public override bool Equals(object? obj) => obj is RecoverableSignature other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Signature, RecoveryId);

    public override string ToString() => $"{Signature}/{RecoveryId}";

    public static bool operator ==(RecoverableSignature left, RecoverableSignature right) => left.Equals(right);

    public static bool operator !=(RecoverableSignature left, RecoverableSignature right) => !left.Equals(right);
}
