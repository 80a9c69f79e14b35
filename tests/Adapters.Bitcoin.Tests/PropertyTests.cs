using DltSigner.Adapters.Bitcoin.Bech32;
using DltSigner.Adapters.Bitcoin.Bip174;
using DltSigner.Adapters.Bitcoin.Encoding;
using DltSigner.Adapters.Bitcoin.Scripts;
using DltSigner.Adapters.Bitcoin.Transactions;
using FsCheck;
using FsCheck.Fluent;

namespace DltSigner.Adapters.Bitcoin.Tests;

/// <summary>Round-trip properties and deterministic mutation fuzzing of the parsers.</summary>
public sealed class PropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200);

    private static Gen<byte[]> Bytes(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.Choose(0, 255).Select(i => (byte)i).ArrayOf(n));

    private static readonly Gen<TxIn> Inputs =
        from txid in Bytes(32, 32)
        from index in Gen.Choose(0, int.MaxValue)
        from script in Bytes(0, 40)
        from sequence in Gen.Choose(int.MinValue, int.MaxValue)
        from witnessCount in Gen.Choose(0, 3)
        from witness in Bytes(0, 80).ArrayOf(witnessCount)
        select new TxIn(new OutPoint(txid, (uint)index), new Script(script), unchecked((uint)sequence), new Witness(witness));

    private static readonly Gen<TxOut> Outputs =
        from value in Gen.Choose(0, int.MaxValue)
        from script in Bytes(0, 300)
        select new TxOut(value * 1000L, new Script(script));

    private static readonly Gen<Transaction> Transactions =
        from version in Gen.Choose(int.MinValue, int.MaxValue)
        from ni in Gen.Choose(1, 3)
        from inputs in Inputs.ArrayOf(ni)
        from no in Gen.Choose(0, 3)
        from outputs in Outputs.ArrayOf(no)
        from lockTime in Gen.Choose(int.MinValue, int.MaxValue)
        select new Transaction(version, inputs, outputs, unchecked((uint)lockTime));

    [Fact]
    public void Transactions_round_trip_and_txid_ignores_witness() => Check.One(Quick, Prop.ForAll(Transactions.ToArbitrary(), tx =>
    {
        var bytes = tx.ToBytes();
        var parsed = Transaction.Parse(bytes);
        Assert.Equal(bytes, parsed.ToBytes());
        Assert.Equal(tx.TxId(), tx.WithInputs(tx.Inputs.Select(i => i with { Witness = Witness.Empty })).TxId());
        Assert.Equal(tx.HasWitness ? tx.ToBytesWithoutWitness().Length * 3 + bytes.Length : bytes.Length * 4, tx.Weight);
    }));

    [Fact]
    public void Base58check_round_trips() => Check.One(Quick, Prop.ForAll(Bytes(0, 60).ToArbitrary(), data =>
        Assert.Equal(data, Base58.DecodeCheck(Base58.EncodeCheck(data)))));

    [Fact]
    public void Segwit_addresses_round_trip() => Check.One(Quick, Prop.ForAll(
        Gen.Zip(Gen.Choose(0, 16), Bytes(2, 40)).Where(t => t.Item1 != 0 || t.Item2.Length is 20 or 32).ToArbitrary(), t =>
        {
            var address = SegwitAddress.Encode("bc", t.Item1, t.Item2);
            var program = SegwitAddress.Decode("bc", address);
            Assert.Equal(t.Item1, program.Version);
            Assert.Equal(t.Item2, program.Program);
        }));

    /// <summary>Truncations and byte flips of real transactions and PSBTs: the parsers fail only with format errors.</summary>
    [Fact]
    public void Mutated_transactions_and_psbts_fail_cleanly()
    {
        var rng = new Random(1740);
        var samples = Json.CoreCases("tx_valid.json").Select(c => Hex.Decode(c[1].GetString()!)).Take(40)
            .Concat(PsbtParseTests.Vectors.GetProperty("valid").EnumerateArray().Select(c => Hex.Decode(c.GetProperty("hex").GetString()!)))
            .ToList();
        var attempts = 0;
        foreach (var sample in samples)
        {
            for (var k = 0; k < 100; k++)
            {
                var mutated = (byte[])sample.Clone();
                if (k % 3 == 0)
                {
                    mutated = mutated[..rng.Next(mutated.Length)];
                }
                else
                {
                    mutated[rng.Next(mutated.Length)] ^= (byte)(1 << rng.Next(8));
                    if (k % 3 == 2)
                    {
                        mutated[rng.Next(mutated.Length)] = 0xff;
                    }
                }

                if (Transaction.TryParse(mutated, out var tx, out _))
                {
                    Assert.Equal(mutated, tx!.ToBytes());
                }

                if (Psbt.TryParse(mutated, out var psbt, out _))
                {
                    Assert.Equal(mutated, psbt!.ToBytes());
                    for (var i = 0; i < psbt.Inputs.Count; i++)
                    {
                        _ = PsbtSpend.Check(psbt, i);
                    }
                }

                attempts++;
            }
        }

        Assert.Equal(5000, attempts);
    }
}
