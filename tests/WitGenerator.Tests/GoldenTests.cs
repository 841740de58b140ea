using Microsoft.CodeAnalysis;

namespace WitSharp.WitGenerator.Tests;

/// <summary>
/// The generated source for each world is compared with a reviewed golden file in Golden/. After a deliberate change,
/// regenerate with <c>WITSHARP_UPDATE_GOLDENS=1 dotnet test tests/WitGenerator.Tests --filter GoldenTests</c> and review the diff.
/// </summary>
public sealed class GoldenTests
{
    public static TheoryData<string, string, string> Worlds => new()
    {
        { "plugins", "novywave:plugins/plugin", "wit/plugins.wit" },
        { "loopback", "witsharp:loopback/loopback", "tests/WitGenerator.Tests/Corpus/loopback/loopback.wit" },
        { "names", "witsharp:names/names", "tests/WitGenerator.Tests/Corpus/names/names.wit" },
        { "resources", "witsharp:resources/resources", "tests/WitGenerator.Tests/Corpus/resources/resources.wit" },
        { "packages", "witsharp:packages/app@2.1.0", "tests/WitGenerator.Tests/Corpus/packages" },
        { "exported-resources", "witsharp:exported-resources/exported-resources", "tests/WitGenerator.Tests/Corpus/exported-resources/exported-resources.wit" },
        { "world-resources", "witsharp:world-resources/world-resources", "tests/WitGenerator.Tests/Corpus/world-resources/world-resources.wit" },
        { "dual-resources", "witsharp:dual-resources/dual-resources", "tests/WitGenerator.Tests/Corpus/dual-resources/dual-resources.wit" },
    };

    [Theory]
    [MemberData(nameof(Worlds))]
    public void Generated_source_matches_golden_file(string golden, string world, string witPath)
    {
        var (_, diagnostics, run) = GeneratorHarness.Run(GeneratorHarness.WorldClass(world), Wit(witPath));
        Assert.Empty(diagnostics);
        var source = GeneratorHarness.WorldSource(run);
        var goldenPath = Path.Combine(GeneratorHarness.TestsDirectory, "Golden", golden + ".g.cs.txt");
        if (Environment.GetEnvironmentVariable("WITSHARP_UPDATE_GOLDENS") == "1")
        {
            File.WriteAllText(goldenPath, source);
        }

        Assert.True(File.Exists(goldenPath), $"no golden file {goldenPath}; run with WITSHARP_UPDATE_GOLDENS=1 and review it");
        Assert.Equal(File.ReadAllText(goldenPath), source);
    }

    [Theory]
    [MemberData(nameof(Worlds))]
    public void Generated_source_compiles_without_any_diagnostic(string golden, string world, string witPath)
    {
        _ = golden;
        var (output, diagnostics, _) = GeneratorHarness.Run(GeneratorHarness.WorldClass(world), Wit(witPath));
        Assert.Empty(diagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Bindings_nest_in_a_class_inside_other_types_and_the_global_namespace()
    {
        const string source = """
            /// <summary>Outer.</summary>
            public partial struct Outer
            {
                /// <summary>Bindings.</summary>
                [WitSharp.WitWorld("plugin")]
                internal partial class Plugin
                {
                }
            }
            """;
        var (output, diagnostics, _) = GeneratorHarness.Run(source, Wit("wit/plugins.wit"));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.NotNull(output.GetTypeByMetadataName("Outer+Plugin+IImports"));
    }

    [Fact]
    public void Resources_of_an_included_world_are_imported_at_top_level()
    {
        const string wit = "package a:b;\n\nworld base {\n    resource tally {\n        add: func(by: u32) -> u32;\n    }\n    import peek: func(t: borrow<tally>) -> u32;\n}\n\nworld app {\n    include base;\n    export total: func() -> u32;\n}\n";
        var (output, diagnostics, run) = GeneratorHarness.Run(GeneratorHarness.WorldClass("app"), new WitAdditionalText("/p/a.wit", wit));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var source = GeneratorHarness.WorldSource(run);
        Assert.Contains("imports.DefineFunction(null, \"[method]tally.add\"", source);
        Assert.Contains("imports.DefineResourceDestructor(\"\", \"tally\"", source);
        Assert.Contains("_options.Resources.For(\"tally\")", source);
    }

    /// <summary>A .wit file, or every .wit file of a folder and its deps/ (a multi-file package with dependencies).</summary>
    private static WitAdditionalText[] Wit(string repositoryPath)
    {
        var path = Path.Combine(GeneratorHarness.RepositoryRoot, repositoryPath);
        return Directory.Exists(path)
            ? [.. Directory.GetFiles(path, "*.wit", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(WitAdditionalText.FromFile)]
            : [WitAdditionalText.FromFile(path)];
    }
}
