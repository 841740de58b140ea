using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(WitSharp.Wit.Benchmarks.GeneratorBenchmarks).Assembly).Run(args);
