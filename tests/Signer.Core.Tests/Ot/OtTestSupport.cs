using DltSigner.Core.Ot;

namespace DltSigner.Core.Tests.Ot;

/// <summary>Runs the honest two-party flows in memory, through the encoded messages.</summary>
internal static class OtTestSupport
{
    public static OtSession Session(string id = "test-session", int alice = 1, int bob = 2) =>
        new(System.Text.Encoding.UTF8.GetBytes(id), alice, bob);

    /// <summary>Base OTs for one direction: Bob sends message 1, Alice replies; returns both setups.</summary>
    public static (OtExtensionSenderSetup Alice, OtExtensionReceiverSetup Bob) Setup(OtSession? session = null)
    {
        session ??= Session("setup");
        using var sender = new BaseOtSender(session);
        var m1 = BaseOtSenderMessage.Decode(sender.Message.Encode());
        var (m2, aliceSetup) = BaseOtReceiver.Respond(session, m1);
        var bobSetup = sender.Finish(BaseOtReceiverMessage.Decode(m2.Encode()));
        return (aliceSetup, bobSetup);
    }

    public static byte[] Flip(byte[] encoded, int byteIndex, int bit = 0)
    {
        var copy = (byte[])encoded.Clone();
        copy[byteIndex] ^= (byte)(1 << bit);
        return copy;
    }
}
