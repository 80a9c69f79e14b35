using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using DltSigner.Core.Keys;
using DltSigner.Core.Signatures;

namespace DltSigner.Bench;

/// <summary>
/// Single-key reference signers (the speed baseline for the threshold protocols), next to .NET's
/// ECDsa over OpenSSL with secp256k1 given as an explicit prime curve.
/// </summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private PrivateKey _key = null!;
    private byte[] _hash = null!;
    private RecoverableSignature _ecdsa;
    private byte[] _xonly = null!;
    private byte[] _aux = null!;
    private byte[] _schnorr = null!;
    private ECDsa _openssl = null!;
    private byte[] _opensslSig = null!;

    [GlobalSetup]
    public void Setup()
    {
        var d = SHA256.HashData("benchmark key"u8);
        _key = PrivateKey.Import(d);
        _hash = SHA256.HashData("benchmark message"u8);
        _ecdsa = Ecdsa.Sign(_key, _hash);
        _xonly = _key.PublicKey.ToXOnly();
        _aux = SHA256.HashData("benchmark aux"u8);
        _schnorr = Bip340.Sign(_key, _hash, _aux);

        _openssl = OpenSslCurve.CreateKey(_key.PublicKey, d);
        _opensslSig = _openssl.SignHash(_hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _key.Dispose();
        _openssl.Dispose();
    }

    [Benchmark]
    public RecoverableSignature EcdsaSign() => Ecdsa.Sign(_key, _hash);

    [Benchmark]
    public bool EcdsaVerify() => Ecdsa.Verify(_key.PublicKey, _hash, _ecdsa.Signature);

    [Benchmark]
    public PublicKey EcdsaRecover() => Ecdsa.RecoverPublicKey(_hash, _ecdsa);

    [Benchmark]
    public byte[] Bip340Sign() => Bip340.Sign(_key, _hash, _aux);

    [Benchmark]
    public bool Bip340Verify() => Bip340.Verify(_xonly, _hash, _schnorr);

    [Benchmark]
    public byte[] OpenSslEcdsaSign() => _openssl.SignHash(_hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark]
    public bool OpenSslEcdsaVerify() => _openssl.VerifyHash(_hash, _opensslSig, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}
