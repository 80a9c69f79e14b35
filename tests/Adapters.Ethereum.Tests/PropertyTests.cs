using System.Numerics;
using DltSigner.Adapters.Ethereum.Abi;
using DltSigner.Adapters.Ethereum.Primitives;
using DltSigner.Adapters.Ethereum.Rlp;
using DltSigner.Adapters.Ethereum.Transactions;
using DltSigner.Core;
using DltSigner.Core.Keys;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace DltSigner.Adapters.Ethereum.Tests;

/// <summary>FsCheck round trips for RLP, the ABI codec and typed transactions, plus decoder fuzzing.</summary>
public sealed class PropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200);

    private static Gen<byte[]> Bytes(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(n => Gen.Choose(0, 255).Select(i => (byte)i).ArrayOf(n));

    private static Gen<RlpItem> Items(int depth) => depth == 0
        ? Gen.OneOf(Bytes(3), Bytes(80)).Select(b => (RlpItem)new RlpString(b))
        : Gen.Frequency(
            (3, Items(0)),
            (1, Gen.Choose(0, 4).SelectMany(n => Items(depth - 1).ArrayOf(n)).Select(a => (RlpItem)new RlpList(a))));

    [Fact]
    public void RlpTreesRoundTrip() => Check.One(Quick, Prop.ForAll(Items(4).ToArbitrary(), item =>
        RlpCodec.Decode(RlpCodec.Encode(item)).Equals(item)));

    [Fact]
    public void RlpDecodingRandomBytesIsCanonicalOrRejected() => Check.One(Quick.WithMaxTest(1000), Prop.ForAll(Bytes(70).ToArbitrary(), bytes =>
    {
        try
        {
            // Strictness means every accepted input is the unique encoding of what it decodes to.
            return RlpCodec.Encode(RlpCodec.Decode(bytes)).AsSpan().SequenceEqual(bytes);
        }
        catch (CryptoFormatException)
        {
            return true;
        }
    }));

    private static Gen<AbiType> Types(int depth)
    {
        var elementary = Gen.OneOf(
            Gen.Choose(1, 32).Select(n => AbiType.UInt(n * 8)),
            Gen.Choose(1, 32).Select(n => AbiType.Int(n * 8)),
            Gen.Choose(1, 32).Select(AbiType.FixedBytes),
            Gen.Elements(AbiType.Address, AbiType.Bool, AbiType.Bytes, AbiType.String));
        return depth == 0 ? elementary : Gen.Frequency(
            (4, elementary),
            (1, Types(depth - 1).Select(AbiType.ArrayOf)),
            (1, Types(depth - 1).SelectMany(t => Gen.Choose(0, 3).Select(k => AbiType.FixedArrayOf(t, k)))),
            (1, Gen.Choose(0, 3).SelectMany(n => Types(depth - 1).ArrayOf(n)).Select(c => AbiType.Tuple(c))));
    }

    private static Gen<object> Values(AbiType type) => type.Kind switch
    {
        AbiKind.UInt or AbiKind.Int => Bytes(32).Select(b =>
        {
            var (min, max) = AbiWords.Range(type);
            return (object)(min + (new BigInteger(b, isUnsigned: true) % (max - min + 1)));
        }),
        AbiKind.Address => Bytes(0).SelectMany(_ => Gen.Choose(0, 255).Select(i => (byte)i).ArrayOf(20)).Select(b => (object)new Address(b)),
        AbiKind.Bool => Gen.Elements(true, false).Select(b => (object)b),
        AbiKind.FixedBytes => Gen.Choose(0, 255).Select(i => (byte)i).ArrayOf(type.Size).Select(b => (object)b),
        AbiKind.Bytes => Bytes(70).Select(b => (object)b),
        AbiKind.String => Gen.Elements("", "a", "héllo wörld", "𝄞 clef", new string('x', 65)).Select(s => (object)s),
        AbiKind.Array => Gen.Choose(0, 3).SelectMany(n => Values(type.Element!).ArrayOf(n)).Select(a => (object)a),
        AbiKind.FixedArray => Values(type.Element!).ArrayOf(type.Size).Select(a => (object)a),
        _ => Sequence(type.Components).Select(a => (object)a),
    };

    private static Gen<object[]> Sequence(IReadOnlyList<AbiType> types) =>
        types.Aggregate(Gen.Constant(Array.Empty<object>()), (acc, t) => acc.SelectMany(a => Values(t).Select(v => (object[])[.. a, v])));

    [Fact]
    public void AbiValuesRoundTrip()
    {
        var cases = Gen.Choose(1, 4).SelectMany(n => Types(2).ArrayOf(n))
            .SelectMany(types => Sequence(types).Select(values => (Types: types, Values: values)));
        Check.One(Quick, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var encoded = AbiCodec.Encode(c.Types, c.Values);
            var decoded = AbiCodec.Decode(c.Types, encoded);
            return AbiCodec.Encode(c.Types, decoded).AsSpan().SequenceEqual(encoded) && decoded.Count == c.Values.Length;
        }));
    }

    [Fact]
    public void AbiDecodingRandomBytesOnlyFailsCleanly()
    {
        var types = AbiType.ParseList("uint16,bytes,(bool,string)[],int8[2]");
        Check.One(Quick.WithMaxTest(500), Prop.ForAll(Bytes(400).ToArbitrary(), bytes =>
        {
            try
            {
                AbiCodec.Decode(types, bytes);
                return true;
            }
            catch (CryptoFormatException)
            {
                return true;
            }
        }));
    }

    [Fact]
    public void TypedTransactionsSignDecodeRecover()
    {
        using var key = PrivateKey.Import(Convert.FromHexString("4646464646464646464646464646464646464646464646464646464646464646"));
        var sender = Address.FromPublicKey(key.PublicKey);
        var gen = Bytes(40).SelectMany(data => Gen.Choose(0, 2).Select(kind => (Data: data, Kind: kind)));
        Check.One(Quick.WithMaxTest(50), Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var access = new[] { new AccessListEntry(Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), [new byte[32]]) };
            Transaction tx = c.Kind switch
            {
                0 => new LegacyTransaction { Nonce = c.Data.Length, GasPrice = 7, GasLimit = 50000, ChainId = 5, Data = c.Data },
                1 => new Eip2930Transaction { ChainId = 1, Nonce = 1, GasPrice = 1, GasLimit = 90000, Data = c.Data, Entries = access },
                _ => new Eip1559Transaction { ChainId = 137, MaxPriorityFeePerGas = 1, MaxFeePerGas = 2, GasLimit = 90000, To = sender, Value = 10, Data = c.Data, Entries = access },
            };
            var signed = TxSigner.Sign(tx, key);
            var decoded = TxCodec.Decode(TxCodec.Encode(signed));
            return TxCodec.Encode(decoded).AsSpan().SequenceEqual(TxCodec.Encode(signed))
                && TxSigner.RecoverSender(decoded) == sender
                && TxCodec.Hash(decoded).AsSpan().SequenceEqual(TxCodec.Hash(signed));
        }));
    }
}
