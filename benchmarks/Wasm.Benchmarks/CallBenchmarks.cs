using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using WitSharp.Wasm;

namespace WitSharp.Benchmarks;

/// <summary>
/// (b) Call overhead against a direct non-inlined C# call: an (almost) empty export through a typed handle and
/// through a delegate, and an export that calls a host import implemented untyped (boxed values) or by a typed delegate.
/// </summary>
[MemoryDiagnoser]
public class CallBenchmarks
{
    private TypedFunction<int, int, int> _nop = null!;
    private TypedFunction<int, int, int> _callHost = null!;
    private Func<int, int, int> _nopDelegate = null!;
    private Func<int, int, int> _callTypedHost = null!;

    // Held so the compiled code behind the typed handles' raw entry pointers stays reachable (a crash with exit 139 otherwise).
    private Instance _instance = null!;
    private Instance _typedHostInstance = null!;

    [GlobalSetup]
    public void Setup()
    {
        var engine = new Engine();
        var module = Module.FromBytes(engine, File.ReadAllBytes(Kernels.Artifact("calls.wasm")), "calls");
        var i32 = new[] { WitSharp.Wasm.ValueType.I32 };
        var linker = new Linker(engine).DefineFunction("host", "ping", new FunctionType(i32, i32),
            (arguments, results) => results[0] = Value.FromI32(arguments[0].AsI32() + 1));
        var instance = _instance = linker.Instantiate(new Store(engine), module);
        _nop = instance.GetFunction<int, int, int>("nop");
        _callHost = instance.GetFunction<int, int, int>("call_host");
        _nopDelegate = instance.GetFunction("nop")!.AsDelegate<Func<int, int, int>>();
        var typedLinker = new Linker(engine).DefineFunction("host", "ping", (Func<int, int>)(value => value + 1));
        _typedHostInstance = typedLinker.Instantiate(new Store(engine), module);
        _callTypedHost = _typedHostInstance.GetFunction("call_host")!.AsDelegate<Func<int, int, int>>();
        if (_nop.Invoke(7, 0) != 7 || _callHost.Invoke(7, 0) != 8 || _nopDelegate(7, 0) != 7 || _callTypedHost(7, 0) != 8)
        {
            throw new InvalidOperationException("calls.wasm returned wrong results");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int DirectCSharp(int first, int second) => first;

    [Benchmark(Baseline = true)]
    public int Direct() => DirectCSharp(7, 0);

    [Benchmark]
    public int EmptyExport() => _nop.Invoke(7, 0);

    [Benchmark]
    public int EmptyExportDelegate() => _nopDelegate(7, 0);

    [Benchmark]
    public int ImportRoundTrip() => _callHost.Invoke(7, 0);

    [Benchmark]
    public int ImportRoundTripTypedHost() => _callTypedHost(7, 0);
}
