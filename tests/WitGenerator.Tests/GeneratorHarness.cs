using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WitSharp.HostRuntime.CanonicalAbi;

namespace WitSharp.WitGenerator.Tests;

/// <summary>A .wit file handed to the generator as an AdditionalFile, decoded the way the compiler decodes it.</summary>
internal sealed class WitAdditionalText(string path, SourceText text) : AdditionalText
{
    public WitAdditionalText(string path, string text) : this(path, SourceText.From(text, Encoding.UTF8))
    {
    }

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => text;

    public static WitAdditionalText FromFile(string path) => new(path, File.ReadAllText(path));
}

/// <summary>Runs the generator in-process on in-memory compilations, with step tracking on.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly ImmutableArray<MetadataReference> References =
        [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(CanonicalValues).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(WitSharp.Wasm.TypedHandle).Assembly.Location)];

    public static string RepositoryRoot { get; } = FindRoot();

    public static string TestsDirectory => Path.Combine(RepositoryRoot, "tests", "WitGenerator.Tests");

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Bindings",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static string WorldClass(string world, string className = "World", string @namespace = "Test.Bindings") =>
        $$"""
        namespace {{@namespace}};

        /// <summary>Bindings under test.</summary>
        [WitSharp.WitWorld("{{world}}")]
        public static partial class {{className}}
        {
        }
        """;

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> witFiles, AnalyzerConfigOptionsProvider? options = null) =>
        CSharpGeneratorDriver.Create(
            [new WitWorldGenerator().AsSourceGenerator()],
            witFiles,
            ParseOptions,
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the compilation with the generated sources added and the generator's diagnostics.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, GeneratorDriverRunResult Run) Run(string worldClassSource, params AdditionalText[] witFiles)
    {
        var driver = CreateDriver(witFiles).RunGeneratorsAndUpdateCompilation(CreateCompilation(worldClassSource), out var output, out var diagnostics);
        return (output, diagnostics, driver.GetRunResult());
    }

    /// <summary>The generated world bindings (not the attribute) of a run.</summary>
    public static string WorldSource(GeneratorDriverRunResult run) =>
        run.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith(".WitWorld.g.cs", StringComparison.Ordinal)).SourceText.ToString();

    private static string FindRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
