using DltSigner.Core.Math;
using DltSigner.Core.Ot;
using FsCheck;
using FsCheck.Fluent;

namespace DltSigner.Core.Tests.Ot;

public sealed class RvolePropertyTests
{
    [Fact]
    public void Shares_add_up_for_arbitrary_inputs()
    {
        var (alice, bob) = OtTestSupport.Setup();
        using (alice)
        using (bob)
        {
            var run = 0;
            // arbitrary 64-byte strings reduced mod n: covers 0, small values and values near n
            var scalarBytes = Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 64).ToArbitrary();
            Prop.ForAll(scalarBytes, scalarBytes, (x, y) =>
            {
                var session = OtTestSupport.Session($"prop-{run++}");
                Scalar[] a = [Scalar.FromBytesReduced(x), Scalar.FromBytesReduced(y)];
                using var bobRun = RvoleBob.Start(session, bob);
                var b = bobRun.B;
                var (reply, c) = RvoleAlice.Respond(session, alice, bobRun.Message, a);
                var d = bobRun.Finish(reply);
                return a[0] * b == c[0] + d[0] && a[1] * b == c[1] + d[1];
            }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
        }
    }
}
