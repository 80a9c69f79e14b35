using System.CommandLine;

namespace DltSigner.Node.Cli;

/// <summary>`dltsigner local refresh` and `local reshare` (once the protocols land on feat/dkg).</summary>
internal static class LocalRefreshCommand
{
    public static IEnumerable<Command> Build() => [];
}
