using DltSigner.Node.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
