using System.Text.Json;
using System.Text.Json.Serialization;
using DltSigner.Core.Keys;

namespace DltSigner.Node.Store;

/// <summary>One committee member in the manifest.</summary>
public sealed record ManifestParty(int Party, string PublicShare, string File);

/// <summary>
/// The public description of a key directory (manifest.json): no secrets — in particular not the
/// BIP32 chain code, which stays inside the encrypted share files. Not authenticated: the loader
/// checks it against the share headers and the decrypted shares, and output uses the shares' values.
/// </summary>
public sealed record KeyManifest(
    string Format,
    string KeyId,
    uint Epoch,
    int Threshold,
    int Parties,
    string PublicKey,
    IReadOnlyList<ManifestParty> PublicShares,
    bool Encrypted)
{
    public const string CurrentFormat = "dltsigner-key-manifest/v1";

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The manifest for a full set of shares of one epoch (any member's public data).</summary>
    public static KeyManifest For(KeyShare share, bool encrypted)
    {
        ArgumentNullException.ThrowIfNull(share);
        var parties = share.Parties
            .Select((p, k) => new ManifestParty(p.Value, Convert.ToHexStringLower(share.PublicShares[k].ToCompressed()), ShareDirectory.FileName(p)))
            .ToList();
        return new KeyManifest(CurrentFormat, share.KeyId.ToString(), share.Epoch, share.Threshold, share.PartyCount,
            Convert.ToHexStringLower(share.GroupKey.ToCompressed()), parties, encrypted);
    }

    /// <summary>True if the share's public state is the one described here.</summary>
    public bool Describes(KeyShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        return ToJson().AsSpan().SequenceEqual(For(share, Encrypted).ToJson());
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static KeyManifest Parse(byte[] json, string name)
    {
        try
        {
            var m = JsonSerializer.Deserialize<KeyManifest>(json, Json);
            if (m is null || !string.Equals(m.Format, CurrentFormat, StringComparison.Ordinal) || m.PublicShares is null
                || m.KeyId is null || m.PublicKey is null || m.PublicShares.Count != m.Parties
                || m.PublicShares.Any(p => p is null || p.PublicShare is null || p.File is null))
            {
                throw new ShareFileException(ShareFileError.Format, $"{name}: not a {CurrentFormat} manifest");
            }

            return m;
        }
        catch (JsonException)
        {
            throw new ShareFileException(ShareFileError.Format, $"{name}: malformed JSON");
        }
    }
}
