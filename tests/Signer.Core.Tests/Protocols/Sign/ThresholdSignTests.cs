using System.Security.Cryptography;
using DltSigner.Core.Keys;
using DltSigner.Core.Math;
using DltSigner.Core.Mpc;
using DltSigner.Core.Protocols.Derivation;
using DltSigner.Core.Protocols.Sign;
using DltSigner.Core.Signatures;
using DltSigner.Core.Signing;
using DltSigner.Core.Tests.Keys;
using DltSigner.TestKit.Keys;

namespace DltSigner.Core.Tests.Protocols.Sign;

public sealed class ThresholdSignTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(5, 9)]
    public async Task Any_t_subset_signs_and_the_signature_verifies_everywhere(int t, int n)
    {
        var key = DkgKeys.Shared(t, n);
        var random = new Random(1000 * t + n); // picks subsets only, never crypto
        for (var run = 0; run < 2; run++)
        {
            var subset = Enumerable.Range(1, n).OrderBy(_ => random.Next()).Take(t).Order().ToArray();
            var signer = new ThresholdSigner(key.Subset(subset));
            var hash = RandomNumberGenerator.GetBytes(32);
            var sig = await signer.SignAsync(new SignRequest(hash, SignPurpose.RawDigest));
            AssertValid(key.PublicKey, hash, sig);
        }
    }

    [Fact]
    public async Task More_than_t_signers_also_sign()
    {
        var key = DkgKeys.Shared(2, 3);
        var hash = RandomNumberGenerator.GetBytes(32);
        var sig = await new ThresholdSigner(key.Shares).SignAsync(new SignRequest(hash, SignPurpose.RawDigest));
        AssertValid(key.PublicKey, hash, sig);
    }

    [Theory]
    [InlineData("m/0/7")]
    [InlineData("m/44/60/0/0/3")]
    [InlineData("m")]
    public async Task Signing_with_a_path_verifies_under_the_derived_key(string path)
    {
        var key = DkgKeys.Shared(2, 3);
        var signer = new ThresholdSigner(key.Subset([1, 3]));
        var derived = Bip32.Derive(key.PublicKey, key.Shares[0].ChainCode, path);
        Assert.Equal(derived.PublicKey, signer.PublicKeyFor(path));
        // the derived secret is root + tweak (the root secret reconstructed from the DKG's shares, tests only)
        Assert.Equal(derived.PublicKey.Point, Point.BaseMul(TestKeyShares.Reconstruct(key.Subset([1, 3])) + derived.Tweak));
        var hash = RandomNumberGenerator.GetBytes(32);
        var sig = await signer.SignAsync(new SignRequest(hash, SignPurpose.RawDigest, derivationPath: path));
        AssertValid(derived.PublicKey, hash, sig);
        if (path != "m")
        {
            Assert.False(Ecdsa.Verify(key.PublicKey, hash, sig.Signature));
        }
    }

    [Fact]
    public async Task Hardened_and_malformed_paths_are_rejected_before_signing()
    {
        var signer = new ThresholdSigner(DkgKeys.Shared(2, 3).Subset([1, 2]));
        foreach (var bad in new[] { "m/0'", "m/0H", "m/2147483648", "0/1", "m//1", "m/-1", "m/01" })
        {
            await Assert.ThrowsAsync<CryptoFormatException>(() => signer.SignAsync(new SignRequest(new byte[32], SignPurpose.RawDigest, derivationPath: bad)));
        }
    }

    [Fact]
    public void F_zero_shares_sum_to_zero_and_change_per_session()
    {
        var key = DkgKeys.Shared(3, 5);
        PartyIndex[] signers = [new(1), new(2), new(4), new(5)];
        Scalar Sum(SessionId sid) => signers.Aggregate(Scalar.Zero, (acc, i) =>
            acc + ZeroShare.Compute(i, signers, sid, j => key[i.Value].PairwiseWith(j).ZeroSeed));
        var s1 = SessionId.Random();
        Assert.True(Sum(s1).IsZero);
        var z1 = ZeroShare.Compute(signers[0], signers, s1, j => key[1].PairwiseWith(j).ZeroSeed);
        var z2 = ZeroShare.Compute(signers[0], signers, SessionId.Random(), j => key[1].PairwiseWith(j).ZeroSeed);
        Assert.False(z1.IsZero);
        Assert.NotEqual(z1, z2);
    }

    [Fact]
    public async Task Presignature_is_consumed_by_one_partial_and_the_release_hook_runs_first()
    {
        var key = DkgKeys.Shared(2, 2);
        var session = SignSession.Create(key[1], [new(1), new(2)]);
        var network = new Core.Mpc.InMemory.InMemoryNetwork(2);
        var released = new List<SessionId>();
        // Both signers run the hook concurrently: List.Add needs the lock (a lost add failed this test now and then).
        var options = new SignOptions { BeforeReleasePartial = id => { lock (released) { released.Add(id); } } };
        var presigs = await Task.WhenAll(key.Shares.Select(share => Task.Run(() =>
            DklsSign.PresignAsync(DklsSign.OpenSession(network.Delivery(share.Self), share.Self, session), share, session, options))));
        Assert.Equal(presigs[0].R, presigs[1].R);
        var hash = RandomNumberGenerator.GetBytes(32);
        var sigs = await Task.WhenAll(presigs.Select((p, k) => Task.Run(() =>
            DklsSign.SignAsync(DklsSign.OpenSession(network.Delivery(p.Self), p.Self, session), p, hash))));
        Assert.Equal(sigs[0], sigs[1]);
        AssertValid(key.PublicKey, hash, sigs[0]);
        Assert.Equal([session.Id, session.Id], released);
        Assert.True(presigs[0].IsConsumed);
        var again = Assert.Throws<ProtocolException>(() => presigs[0].CreatePartial(hash));
        Assert.Contains(SignChecks.PresignatureUsed, again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusing_release_hook_keeps_the_partial_back()
    {
        var key = DkgKeys.Shared(1, 1);
        var session = SignSession.Create(key[1], [new(1)]);
        var options = new SignOptions { BeforeReleasePartial = _ => throw new InvalidOperationException("store unavailable") };
        var mpc = DklsSign.OpenSession(new Core.Mpc.InMemory.InMemoryNetwork(1).Delivery(new(1)), new(1), session);
        using var presig = await DklsSign.PresignAsync(mpc, key[1], session, options);
        Assert.Throws<InvalidOperationException>(() => presig.CreatePartial(new byte[32]));
        Assert.True(presig.IsConsumed);
        Assert.Throws<ProtocolException>(() => presig.CreatePartial(new byte[32]));
    }

    [Fact]
    public void A_claimed_session_id_is_refused()
    {
        var key = DkgKeys.Shared(2, 2);
        var session = SignSession.Create(key[1], [new(1), new(2)]);
        var seen = new HashSet<SessionId>();
        var options = new SignOptions { ClaimSession = seen.Add };
        SignParty.Start(key[1], session, options).Dispose();
        var ex = Assert.Throws<ProtocolException>(() => SignParty.Start(key[1], session, options));
        Assert.Equal(ProtocolErrorKind.InvalidInput, ex.Kind);
    }

    [Fact]
    public void Session_id_binds_every_field_and_is_fresh_per_run()
    {
        var key = DkgKeys.Shared(2, 3);
        PartyIndex[] s = [new(1), new(2)];
        var nonce = new byte[32];
        var baseline = new SignSession(key[1].KeyId, 0, s, nonce).Id;
        Assert.Equal(baseline, new SignSession(key[1].KeyId, 0, [new(2), new(1)], nonce).Id);
        Assert.NotEqual(baseline, new SignSession(key[1].KeyId, 1, s, nonce).Id);
        Assert.NotEqual(baseline, new SignSession(key[1].KeyId, 0, [new(1), new(3)], nonce).Id);
        Assert.NotEqual(baseline, new SignSession(key[1].KeyId, 0, s, new byte[31].Append((byte)1).ToArray()).Id);
        Assert.NotEqual(baseline, new SignSession(key[1].KeyId, 0, s, nonce, DerivationPath.Parse("m/1")).Id);
        Assert.NotEqual(baseline, new SignSession(SessionId.Random(), 0, s, nonce).Id);
        Assert.NotEqual(SignSession.Create(key[1], s).Id, SignSession.Create(key[1], s).Id);
    }

    internal static void AssertValid(PublicKey key, byte[] hash, RecoverableSignature sig)
    {
        Assert.True(sig.Signature.IsLowS);
        Assert.True(Ecdsa.Verify(key, hash, sig.Signature, requireLowS: true));
        using var openSsl = OpenSslCurve.CreateKey(key);
        Assert.True(openSsl.VerifyHash(hash, sig.Signature.ToCompact()));
        Assert.Equal(key, Ecdsa.RecoverPublicKey(hash, sig));
    }
}
