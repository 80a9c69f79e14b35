using DltSigner.Core.Keys;
using DltSigner.Core.Protocols.Sign;
using DltSigner.Core.Signatures;
using DltSigner.Core.Signing;
using DltSigner.Core.Tests.Protocols.Sign;

namespace DltSigner.Adapters.Bitcoin.Tests.Integration;

/// <summary>
/// The signers the wallet tests run against, by name: "local" (RFC 6979 reference key) and
/// "threshold-2of3" (DKLs23 over the in-memory network, parties 1 and 3 of a dealt 2-of-3 key).
/// Adding a signer kind is one case here plus one row in <see cref="Kinds"/>.
/// </summary>
public static class TestSigners
{
    public const string Local = "local";
    public const string Threshold2Of3 = "threshold-2of3";

    public static TheoryData<string> Kinds => new() { Local, Threshold2Of3 };

    public static CountingSigner Create(string kind) => kind switch
    {
        Local => new CountingSigner(new LocalKeySigner(PrivateKey.Generate())),
        // A fresh dealt key per call: each test then has an address nobody else funds.
        Threshold2Of3 => new CountingSigner(new ThresholdSigner(TestDealer.Deal(2, 3).Subset([1, 3]))),
        _ => throw new ArgumentException("unknown signer kind " + kind, nameof(kind)),
    };
}

/// <summary>Counts the signatures asked for (to show that refused requests sign nothing) and records each request.</summary>
public sealed class CountingSigner(IEcdsaSigner inner) : IEcdsaSigner
{
    private int _calls;

    public int Calls => _calls;

    public List<SignRequest> Requests { get; } = [];

    public PublicKey PublicKey => inner.PublicKey;

    public PublicKey PublicKeyFor(string? derivationPath) => inner.PublicKeyFor(derivationPath);

    public Task<RecoverableSignature> SignAsync(SignRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        lock (Requests)
        {
            Requests.Add(request);
        }

        return inner.SignAsync(request, cancellationToken);
    }
}
