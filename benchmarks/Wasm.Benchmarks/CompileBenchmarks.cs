using BenchmarkDotNet.Attributes;
using WitSharp.Wasm;

namespace WitSharp.Benchmarks;

/// <summary>(c) Decode + validate + compile of a ~1 MiB clang-built module (big.wasm); all functions are compiled, not only the first called.</summary>
public class CompileBenchmarks
{
    private byte[] _binary = [];
    private Engine _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _binary = File.ReadAllBytes(Kernels.Artifact("big.wasm"));
        _engine = new Engine();
        Console.WriteLine($"// big.wasm: {_binary.Length} bytes");
    }

    [Benchmark]
    public object Compile()
    {
        var module = Module.FromBytes(_engine, _binary, "big");
        return module.GetCompiledCode();
    }
}
