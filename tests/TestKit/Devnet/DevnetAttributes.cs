namespace DltSigner.TestKit.Devnet;

/// <summary>A fact that needs bitcoind: skipped with a clear message when it is not installed, unless CI=true (<see cref="DevnetTool"/>).</summary>
public sealed class BitcoindFactAttribute : FactAttribute
{
    public BitcoindFactAttribute() => Skip = DevnetTool.Bitcoind.SkipReason;
}

/// <summary>A theory that needs bitcoind (see <see cref="BitcoindFactAttribute"/>).</summary>
public sealed class BitcoindTheoryAttribute : TheoryAttribute
{
    public BitcoindTheoryAttribute() => Skip = DevnetTool.Bitcoind.SkipReason;
}

/// <summary>A fact that needs anvil: skipped with a clear message when it is not installed, unless CI=true (<see cref="DevnetTool"/>).</summary>
public sealed class AnvilFactAttribute : FactAttribute
{
    public AnvilFactAttribute() => Skip = DevnetTool.Anvil.SkipReason;
}

/// <summary>A theory that needs anvil (see <see cref="AnvilFactAttribute"/>).</summary>
public sealed class AnvilTheoryAttribute : TheoryAttribute
{
    public AnvilTheoryAttribute() => Skip = DevnetTool.Anvil.SkipReason;
}
