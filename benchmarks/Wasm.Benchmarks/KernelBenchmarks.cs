using System.Globalization;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using WitSharp.Wasm;

namespace WitSharp.Benchmarks;

/// <summary>
/// (a) The same C kernel: gcc -O2 native code (baseline, via a function pointer from NativeLibrary) against
/// clang-19 -O2 wasm run by our engine. Node/V8 runs the same kernels.wasm in a child process during GlobalSetup;
/// its self-timed figure is printed to the log as "V8 reference".
/// </summary>
[MemoryDiagnoser]
public unsafe class KernelBenchmarks
{
    private nint _library;
    private delegate* unmanaged<uint> _nativeRun;
    private Func<int> _wasmRun = null!;

    // Held so the compiled code behind the function's raw entry pointer stays reachable (a crash with exit 139 otherwise).
    private Instance _instance = null!;

    [Params("sha256", "matmul", "sort")]
    public string Kernel { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _library = NativeLibrary.Load(Kernels.Artifact("libkernels.so"));
        ((delegate* unmanaged<void>)NativeLibrary.GetExport(_library, Kernel + "_init"))();
        _nativeRun = (delegate* unmanaged<uint>)NativeLibrary.GetExport(_library, Kernel + "_run");

        var engine = new Engine();
        var module = Module.FromBytes(engine, File.ReadAllBytes(Kernels.Artifact("kernels.wasm")), "kernels");
        var instance = _instance = new Linker(engine).Instantiate(new Store(engine), module);
        Export(instance, Kernel + "_init").Invoke([]);
        _wasmRun = Export(instance, Kernel + "_run").AsDelegate<Func<int>>();

        var native = _nativeRun();
        var wasm = (uint)_wasmRun();
        var (v8Checksum, v8Nanoseconds) = RunNode();
        Console.WriteLine($"// {Kernel}: checksum native={native} engine={wasm} v8={v8Checksum}");
        if (native != wasm || native != v8Checksum)
        {
            throw new InvalidOperationException($"{Kernel}: checksums differ: native={native} engine={wasm} v8={v8Checksum}");
        }

        Console.WriteLine($"// V8 reference (node {Kernel}, child process, own timing loop): {v8Nanoseconds / 1e6:F3} ms per iteration");
    }

    [GlobalCleanup]
    public void Cleanup() => NativeLibrary.Free(_library);

    [Benchmark(Baseline = true)]
    public uint Native() => _nativeRun();

    [Benchmark]
    public uint Engine() => (uint)_wasmRun();

    private static Function Export(Instance instance, string name) =>
        instance.GetFunction(name) ?? throw new InvalidOperationException($"kernels.wasm has no export {name}");

    private (uint Checksum, double Nanoseconds) RunNode()
    {
        var (exitCode, output) = Kernels.Run("node", Path.Combine(Kernels.Directory, "node-bench.mjs"), Kernels.Artifact("kernels.wasm"), "5");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"node-bench.mjs failed (exit {exitCode}):\n{output}");
        }

        // Lines look like "sha256 checksum=123 ns_per_iter=456".
        var line = output.Split('\n').Single(candidate => candidate.StartsWith(Kernel + " ", StringComparison.Ordinal));
        string Field(string key) => line.Split(' ').Single(part => part.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
        return (uint.Parse(Field("checksum"), CultureInfo.InvariantCulture), double.Parse(Field("ns_per_iter"), CultureInfo.InvariantCulture));
    }
}
