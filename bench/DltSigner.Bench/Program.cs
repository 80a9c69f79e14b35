using BenchmarkDotNet.Running;
using DltSigner.Bench;

// "p2p": the libp2p interop figures (needs the js peer, devnet/install-node.sh); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "p2p")
{
    return await P2PInteropBench.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
