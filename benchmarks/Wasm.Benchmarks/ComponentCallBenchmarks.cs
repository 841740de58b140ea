using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;
using static WitSharp.Benchmarks.ValuesWorld;

namespace WitSharp.Benchmarks;

/// <summary>Bindings of the component runtime's values test guest (tests/HostRuntime.Tests/Components/Corpus/values.wit).</summary>
[WitWorld("witsharp:values/values")]
public static partial class ValuesWorld
{
}

/// <summary>
/// (c) Component call overhead through the generated bindings and the component runtime, per category against a
/// direct C# call doing the same work (the baseline): host -> guest add(u32, u32), string echo, a string round trip
/// with one guest -> host import call, list&lt;record&gt; of 10,000 entries in both directions, and a variant. The same
/// calls under `jco transpile` on Node (benchmarks/components/jco-bench.mjs) are timed in a child process during
/// the setup of <see cref="AddComponent"/> and printed as "// jco" lines, so the ratio to jco comes from the same run.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ComponentCallBenchmarks
{
    // Mixed scripts (every UTF-8 width, so transcoding takes its slow path) and plain ASCII (paths, log lines).
    private static readonly string Text = string.Concat(Enumerable.Repeat("Grüße, 世界! 🐴 ", 4));
    private const string AsciiText = "waveforms/cpu/alu.vcd: 4096 signals, 12 MiB, 3 scopes, ok";
    private static readonly Point[] Points = Enumerable.Range(0, 10_000).Select(i => new Point(i, -i, $"p{i % 100}")).ToArray();
    private static readonly Shape Box = new Shape.Rect(new Point(3, -4, "box"));

    private Exports guest = null!;
    private IAdder inProcessPlugin = new Adder();

    // Held so the compiled code behind the bindings' delegates stays reachable.
    private ComponentInstance instance = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = typeof(ComponentCallBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ValuesComponent").Value!;
        var engine = new Engine();
        var linker = new ComponentLinker(engine);
        RegisterImports(linker, new Host());
        instance = linker.Instantiate(new Store(engine), Component.FromBytes(engine, File.ReadAllBytes(path)));
        guest = new Exports(instance);
        if (guest.Add(7, 8) != 15 || guest.RelayEcho(Text) != DirectRelayEcho(Text) || guest.RelayEcho(AsciiText) != DirectRelayEcho(AsciiText) || guest.Describe(Box) != DirectDescribe(Box)
            || guest.Scale(Points, 2)[9_999] != DirectScale(Points, 2)[9_999] || guest.SumHostPoints(10_000) != DirectSumHostPoints(10_000))
        {
            throw new InvalidOperationException("the values guest and the direct C# versions disagree");
        }
    }

    /// <summary>Setup of <see cref="AddComponent"/>, which also times jco once per run.</summary>
    [GlobalSetup(Target = nameof(AddComponent))]
    public void SetupAndTimeJco()
    {
        Setup();
        var path = typeof(ComponentCallBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ValuesComponent").Value!;
        var directory = typeof(ComponentCallBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ComponentsDirectory").Value!;
        var (exitCode, output) = Kernels.Run("node", Path.Combine(directory, "jco-bench.mjs"), path, "20000");
        Console.WriteLine(exitCode == 0
            ? string.Concat(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => $"// jco (node child process, own timing loop): {line}\n"))
            : $"// jco reference unavailable (exit {exitCode}): {output}");
    }

    [BenchmarkCategory("add"), Benchmark(Baseline = true)]
    public uint AddDirect() => DirectAdd(7, 8);

    [BenchmarkCategory("add"), Benchmark]
    public uint AddComponent() => guest.Add(7, 8);

    /// <summary>For context, not a target: the same add behind an interface, as an in-process .NET plugin is called.</summary>
    [BenchmarkCategory("add"), Benchmark]
    public uint AddInterface() => inProcessPlugin.Add(7, 8);

    [BenchmarkCategory("string echo"), Benchmark(Baseline = true)]
    public string EchoDirect() => DirectEcho(Text);

    [BenchmarkCategory("string echo"), Benchmark]
    public string EchoComponent() => guest.Echo(Text);

    [BenchmarkCategory("string + import"), Benchmark(Baseline = true)]
    public string RelayEchoDirect() => DirectRelayEcho(Text);

    [BenchmarkCategory("string + import"), Benchmark]
    public string RelayEchoComponent() => guest.RelayEcho(Text);

    [BenchmarkCategory("string echo ASCII"), Benchmark(Baseline = true)]
    public string EchoAsciiDirect() => DirectEcho(AsciiText);

    [BenchmarkCategory("string echo ASCII"), Benchmark]
    public string EchoAsciiComponent() => guest.Echo(AsciiText);

    [BenchmarkCategory("string + import ASCII"), Benchmark(Baseline = true)]
    public string RelayEchoAsciiDirect() => DirectRelayEcho(AsciiText);

    [BenchmarkCategory("string + import ASCII"), Benchmark]
    public string RelayEchoAsciiComponent() => guest.RelayEcho(AsciiText);

    [BenchmarkCategory("list<record> 10k in"), Benchmark(Baseline = true)]
    public IReadOnlyList<Point> ScaleDirect() => DirectScale(Points, 2);

    [BenchmarkCategory("list<record> 10k in"), Benchmark]
    public IReadOnlyList<Point> ScaleComponent() => guest.Scale(Points, 2);

    [BenchmarkCategory("list<record> 10k from host"), Benchmark(Baseline = true)]
    public long SumHostPointsDirect() => DirectSumHostPoints(10_000);

    [BenchmarkCategory("list<record> 10k from host"), Benchmark]
    public long SumHostPointsComponent() => guest.SumHostPoints(10_000);

    [BenchmarkCategory("variant"), Benchmark(Baseline = true)]
    public string DescribeDirect() => DirectDescribe(Box);

    [BenchmarkCategory("variant"), Benchmark]
    public string DescribeComponent() => guest.Describe(Box);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint DirectAdd(uint a, uint b) => a + b;

    /// <summary>An in-process plugin contract.</summary>
    public interface IAdder
    {
        /// <summary>Adds two numbers.</summary>
        uint Add(uint a, uint b);
    }

    private sealed class Adder : IAdder
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public uint Add(uint a, uint b) => a + b;
    }

    /// <summary>The guest copies the string in and out; the direct version copies it once.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string DirectEcho(string s) => new(s.AsSpan());

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string DirectRelayEcho(string s) => "relay:" + Host.Echo(s);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Point[] DirectScale(IReadOnlyList<Point> points, int factor) =>
        points.Select(p => new Point(p.X * factor, p.Y * factor, p.Label + "*")).ToArray();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long DirectSumHostPoints(uint n) => Host.Points(n).Sum(p => (long)p.X + p.Y + p.Label.Length);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string DirectDescribe(Shape shape) => shape switch
    {
        Shape.Circle circle => string.Create(CultureInfo.InvariantCulture, $"circle({circle.Value:F3})"),
        Shape.Rect { Value: var p } => string.Create(CultureInfo.InvariantCulture, $"rect({p.X}, {p.Y}, {p.Label})"),
        _ => "nothing",
    };

    private sealed class Host : IImports
    {
        public static string Echo(string s) => "host:" + s;

        public static Point[] Points(uint n) => Enumerable.Range(0, (int)n).Select(i => new Point(i, 2 * i, new string('x', i % 5))).ToArray();

        public string HostEcho(string s) => Echo(s);

        public IReadOnlyList<Point> HostPoints(uint n) => Points(n);

        public Result<string?, byte> HostClassify(Option<uint?> x, Shape s) => throw new NotSupportedException("not benchmarked");
    }
}
