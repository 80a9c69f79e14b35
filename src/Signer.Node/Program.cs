using DltSigner.Node.Cli;

if (DiagnosticsGuard.RestartWithoutDiagnostics(args) is { } exitCode)
{
    return exitCode;
}

return await CliApp.RunAsync(args).ConfigureAwait(false);
