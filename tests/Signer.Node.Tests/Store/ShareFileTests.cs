using DltSigner.Core.Keys;
using DltSigner.Node.Store;
using static DltSigner.Node.Tests.Store.StoreTestSupport;

namespace DltSigner.Node.Tests.Store;

public sealed class ShareFileTests
{
    private const string AuthFailed = "authentication failed (wrong passphrase or corrupted file)";

    [Fact]
    public async Task Encrypted_round_trip_keeps_the_share_and_the_public_header()
    {
        var share = (await Shares())[1];
        using var pass = Pass();
        var file = ShareFile.Seal(share, pass, Fast());
        var header = ShareFileHeader.Decode(file, "x");
        Assert.True(header.IsEncrypted);
        Assert.Equal(1000, header.Iterations);
        Assert.Equal(share.KeyId, header.KeyId);
        Assert.Equal(share.Self, header.Party);
        Assert.Equal(share.Epoch, header.Epoch);
        Assert.Equal((share.Threshold, share.PartyCount), (header.Threshold, header.PartyCount));
        using var back = ShareFile.Open(file, "x", () => pass, allowPlaintext: false);
        Assert.True(back.Encode().AsSpan().SequenceEqual(share.Encode()));
        // The ciphertext does not contain the encoded share.
        Assert.Equal(-1, file.AsSpan().IndexOf(share.Encode().AsSpan(40, 64)));
    }

    [Fact]
    public async Task Two_seals_differ_in_salt_and_nonce()
    {
        var share = (await Shares())[0];
        using var pass = Pass();
        var a = ShareFileHeader.Decode(ShareFile.Seal(share, pass, Fast()), "a");
        var b = ShareFileHeader.Decode(ShareFile.Seal(share, pass, Fast()), "b");
        Assert.False(a.Salt.Span.SequenceEqual(b.Salt.Span));
        Assert.False(a.Nonce.Span.SequenceEqual(b.Nonce.Span));
    }

    [Fact]
    public async Task Wrong_passphrase_is_an_authentication_failure()
    {
        var share = (await Shares())[0];
        using var pass = Pass();
        using var wrong = Pass("correct horse battery stapler");
        var file = ShareFile.Seal(share, pass, Fast());
        var e = Assert.Throws<ShareFileException>(() => ShareFile.Open(file, "party-1.share", () => wrong, false));
        Assert.Equal(ShareFileError.Authentication, e.Error);
        Assert.Equal($"share file party-1.share: {AuthFailed}", e.Message);
    }

    [Fact]
    public async Task Every_modified_byte_is_rejected_and_the_AEAD_regions_say_only_authentication_failed()
    {
        var share = (await Shares())[0];
        using var pass = Pass();
        var file = ShareFile.Seal(share, pass, Fast());
        var tagStart = file.Length - ShareFileHeader.TagLength;
        // Every header byte, a stride through the ciphertext, every tag byte.
        var offsets = Enumerable.Range(0, ShareFileHeader.Length)
            .Concat(Enumerable.Range(ShareFileHeader.Length, tagStart - ShareFileHeader.Length).Where(o => o % 397 == 0 || o == tagStart - 1))
            .Concat(Enumerable.Range(tagStart, ShareFileHeader.TagLength));
        foreach (var offset in offsets)
        {
            var bad = (byte[])file.Clone();
            bad[offset] ^= 0x01;
            var e = Assert.Throws<ShareFileException>(() => ShareFile.Open(bad, "f", () => pass, false));
            // Salt, nonce, key id, epoch, ciphertext and tag reach the AEAD; the strictly decoded
            // header fields (magic, version, protection, KDF, party, t, n, lengths) may fail as Format first.
            var aeadOnly = offset is (>= 16 and < 76) or (>= 78 and < 82) or >= ShareFileHeader.Length;
            if (aeadOnly)
            {
                Assert.True(e.Error == ShareFileError.Authentication, $"offset {offset}: {e.Message}");
                Assert.EndsWith(AuthFailed, e.Message, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("passphrase is", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Truncated_or_extended_files_are_rejected()
    {
        var share = (await Shares())[0];
        using var pass = Pass();
        var file = ShareFile.Seal(share, pass, Fast());
        foreach (var length in new[] { 0, 8, ShareFileHeader.Length - 1, ShareFileHeader.Length, file.Length / 2, file.Length - 1 })
        {
            var e = Assert.Throws<ShareFileException>(() => ShareFile.Open(file.AsSpan(0, length), "f", () => pass, false));
            Assert.Equal(ShareFileError.Format, e.Error);
        }

        var longer = file.Append((byte)0).ToArray();
        Assert.Equal(ShareFileError.Format, Assert.Throws<ShareFileException>(() => ShareFile.Open(longer, "f", () => pass, false)).Error);
    }

    [Fact]
    public async Task Plaintext_mode_is_flagged_in_the_header_and_needs_explicit_consent_to_load()
    {
        var share = (await Shares())[2];
        var file = ShareFile.Seal(share, null, Plain);
        var header = ShareFileHeader.Decode(file, "p");
        Assert.Equal(ShareProtection.Plaintext, header.Protection);
        Assert.Equal(0, header.Iterations);
        Assert.Equal(file.Length, header.FileLength);
        var e = Assert.Throws<ShareFileException>(() => ShareFile.Open(file, "p", () => throw new InvalidOperationException("no passphrase needed"), false));
        Assert.Equal(ShareFileError.Plaintext, e.Error);
        Assert.Contains("--insecure-plaintext", e.Message, StringComparison.Ordinal);
        using var back = ShareFile.Open(file, "p", () => throw new InvalidOperationException("no passphrase needed"), allowPlaintext: true);
        Assert.True(back.SamePublicState(share));

        // A flipped payload byte of a plaintext file fails the share's own integrity digest.
        file[ShareFileHeader.Length + 100] ^= 1;
        Assert.Equal(ShareFileError.Authentication, Assert.Throws<ShareFileException>(() => ShareFile.Open(file, "p", () => null!, true)).Error);
    }

    [Fact]
    public async Task Downgrading_an_encrypted_file_to_plaintext_is_detected()
    {
        var share = (await Shares())[0];
        using var pass = Pass();
        var file = ShareFile.Seal(share, pass, Fast());
        var header = ShareFileHeader.Decode(file, "f");
        var forged = new ShareFileHeader(ShareProtection.Plaintext, 0, new byte[16], new byte[12], header.KeyId, header.Party, header.Epoch, header.Threshold, header.PartyCount, header.PayloadLength).Encode()
            .Concat(file.AsSpan(ShareFileHeader.Length, header.PayloadLength).ToArray()).ToArray();
        Assert.Equal(ShareFileError.Authentication, Assert.Throws<ShareFileException>(() => ShareFile.Open(forged, "f", () => pass, true)).Error);
    }

    [Fact]
    public async Task Written_files_have_mode_0600_and_load_back()
    {
        var share = (await Shares())[0];
        var path = Path.Combine(TempDir(), "party-1.share");
        using var pass = Pass();
        ShareFile.Write(path, share, pass, Fast());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(share.Self, ShareFile.ReadHeader(path).Party);
        using var back = ShareFile.Load(path, () => pass, false);
        Assert.True(back.SamePublicState(share));
        Assert.Single(Directory.EnumerateFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Missing_passphrase_variable_names_it_and_the_plaintext_alternative()
    {
        var name = "DLTSIGNER_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        var e = Assert.Throws<ShareFileException>(() => Passphrase.FromEnvironment(name));
        Assert.Equal(ShareFileError.Passphrase, e.Error);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.Contains("--insecure-plaintext", e.Message, StringComparison.Ordinal);
        Assert.Contains("--passphrase-env", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Passphrase_is_zeroed_on_dispose_and_never_printed()
    {
        var p = Pass("secret words");
        Assert.DoesNotContain("secret", p.ToString(), StringComparison.Ordinal);
        p.Dispose();
        Assert.Throws<ObjectDisposedException>(() => p.Bytes.Length);
    }

    [Fact]
    public async Task Seal_refuses_encryption_without_a_passphrase_and_absurd_iteration_counts()
    {
        var share = (await Shares())[0];
        Assert.Throws<ArgumentNullException>(() => ShareFile.Seal(share, null, Fast()));
        using var pass = Pass();
        Assert.Throws<ArgumentOutOfRangeException>(() => ShareFile.Seal(share, pass, new ShareWriteOptions { Iterations = 0 }));
    }
}
