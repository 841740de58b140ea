using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using WitSharp.WitGenerator;

namespace WitSharp.Wit.Benchmarks;

/// <summary>
/// Parse + resolve of a ~2,000-line WIT package (the baseline), parse + resolve + emit of its world, and a full cold
/// run of the incremental generator in a Roslyn GeneratorDriver (attribute discovery, pipeline, AddSource).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private string wit = "";
    private WitSource[] sources = [];
    private WorldRequest request = null!;
    private EquatableArray<WitFileInput> files;
    private CSharpCompilation compilation = null!;

    [GlobalSetup]
    public void Setup()
    {
        wit = SyntheticWit.Create();
        sources = [new WitSource("/bench/big.wit", wit)];
        request = new WorldRequest(SyntheticWit.World, "Bench", new EquatableArray<string>([]), "Big", "Bench.Big.WitWorld.g.cs", null, null);
        files = new EquatableArray<WitFileInput>([new WitFileInput("/bench/big.wit", wit)]);
        compilation = CSharpCompilation.Create(
            "Bench",
            [CSharpSyntaxTree.ParseText($"[WitSharp.WitWorld(\"{SyntheticWit.World}\")] internal static partial class Big {{ }}")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Console.WriteLine($"// synthetic WIT: {wit.Split('\n').Length} lines, generated C#: {ParseAndGenerate().Split('\n').Length} lines");
    }

    [Benchmark(Baseline = true)]
    public int Parse() => WitResolver.Resolve(sources).Packages.Count;

    [Benchmark]
    public string ParseAndGenerate() =>
        WitWorldGenerator.Generate(request, files, WitWorldGenerator.ParseFeatures(null), CancellationToken.None).Source ?? throw new InvalidOperationException("the synthetic world did not generate");

    [Benchmark]
    public int GeneratorDriverColdRun()
    {
        var driver = CSharpGeneratorDriver.Create([new WitWorldGenerator().AsSourceGenerator()], [new Text("/bench/big.wit", wit)]);
        return driver.RunGenerators(compilation).GetRunResult().GeneratedTrees.Length;
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
