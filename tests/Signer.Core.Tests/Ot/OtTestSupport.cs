using DltSigner.Core.Ot;

namespace DltSigner.Core.Tests.Ot;

/// <summary>Runs the honest two-party flows in memory, through the encoded messages.</summary>
internal static class OtTestSupport
{
    public static OtSession Session(string id = "test-session", int alice = 1, int bob = 2) =>
        new(System.Text.Encoding.UTF8.GetBytes(id), alice, bob);

    /// <summary>Base OTs for one direction (five messages, all through their encodings); returns both setups.</summary>
    public static (OtExtensionSenderSetup Alice, OtExtensionReceiverSetup Bob) Setup(OtSession? session = null)
    {
        session ??= Session("setup");
        using var sender = new BaseOtSender(session);
        using var receiver = BaseOtReceiver.Respond(session, BaseOtSenderMessage.Decode(sender.Message.Encode()));
        var m3 = sender.Challenge(BaseOtReceiverMessage.Decode(receiver.Message.Encode()));
        var m4 = receiver.Answer(BaseOtChallengeMessage.Decode(m3.Encode()));
        var (m5, bobSetup) = sender.Finish(BaseOtResponseMessage.Decode(m4.Encode()));
        var aliceSetup = receiver.Finish(BaseOtOpeningMessage.Decode(m5.Encode()));
        return (aliceSetup, bobSetup);
    }

    public static byte[] Flip(byte[] encoded, int byteIndex, int bit = 0)
    {
        var copy = (byte[])encoded.Clone();
        copy[byteIndex] ^= (byte)(1 << bit);
        return copy;
    }
}
