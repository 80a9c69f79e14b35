namespace DltSigner.Core.Tests.Hashing;

/// <summary>A fact that runs only when DLTSIGNER_SLOW_TESTS=1 (minutes of CPU in Debug builds).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SlowFactAttribute : FactAttribute
{
    public SlowFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("DLTSIGNER_SLOW_TESTS") != "1")
        {
            Skip = "slow; set DLTSIGNER_SLOW_TESTS=1 to run";
        }
    }
}
