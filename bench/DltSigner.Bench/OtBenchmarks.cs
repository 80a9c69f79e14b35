using BenchmarkDotNet.Attributes;
using DltSigner.Core.Math;
using DltSigner.Core.Ot;

namespace DltSigner.Bench;

/// <summary>The OT layer per role: base-OT setup (one direction) and one RVOLE (ℓ = 2).</summary>
[MemoryDiagnoser]
public class OtBenchmarks
{
    private readonly Scalar[] _a = [Scalar.Random(), Scalar.Random()];
    private OtExtensionSenderSetup _alice = null!;
    private OtExtensionReceiverSetup _bob = null!;
    private long _counter;

    [GlobalSetup]
    public void Setup() => (_alice, _bob) = RunBaseOts(Session("setup"));

    [GlobalCleanup]
    public void Cleanup()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    [Benchmark]
    public void BaseOtSetupBothRoles()
    {
        var (alice, bob) = RunBaseOts(Session("setup"));
        alice.Dispose();
        bob.Dispose();
    }

    [Benchmark]
    public Scalar RvoleBothRoles()
    {
        var session = Session($"mul-{_counter++}");
        using var bobRun = RvoleBob.Start(session, _bob);
        var (reply, c) = RvoleAlice.Respond(session, _alice, bobRun.Message, _a);
        var d = bobRun.Finish(reply);
        return c[0] + d[0];
    }

    [Benchmark]
    public OtExtensionMessage RvoleBobRound1()
    {
        using var bobRun = RvoleBob.Start(Session($"mul-{_counter++}"), _bob);
        return bobRun.Message;
    }

    private static OtSession Session(string id) => new(System.Text.Encoding.UTF8.GetBytes(id), 1, 2);

    private static (OtExtensionSenderSetup, OtExtensionReceiverSetup) RunBaseOts(OtSession session)
    {
        using var sender = new BaseOtSender(session);
        using var receiver = BaseOtReceiver.Respond(session, sender.Message);
        var (m5, bob) = sender.Finish(receiver.Answer(sender.Challenge(receiver.Message)));
        return (receiver.Finish(m5), bob);
    }
}
