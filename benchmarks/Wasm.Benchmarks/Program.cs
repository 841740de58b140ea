using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(WitSharp.Benchmarks.Kernels).Assembly).Run(args);
