using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace WitSharp.WitGenerator.Tests;

/// <summary>Bad WIT and bad attribute use become diagnostics at the offending place; the generator never throws.</summary>
public sealed class DiagnosticTests
{
    private static string Render(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {diagnostic.Id}";
    }

    [Fact]
    public void Seed_draft_reports_each_of_its_four_errors_at_its_own_line_and_column()
    {
        var fixture = Path.Combine(GeneratorHarness.TestsDirectory, "Fixtures", "seed-draft.wit");
        var (output, diagnostics, run) = GeneratorHarness.Run(GeneratorHarness.WorldClass("plugin"), WitAdditionalText.FromFile(fixture));
        Assert.Equal(
            ["seed-draft.wit(3,1): WIT0102", "seed-draft.wit(8,17): WIT0111", "seed-draft.wit(11,9): WIT0103", "seed-draft.wit(14,30): WIT0104"],
            diagnostics.OrderBy(d => d.Location.GetLineSpan().StartLinePosition).Select(Render));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.DoesNotContain(run.Results.Single().GeneratedSources, s => s.HintName.EndsWith(".WitWorld.g.cs", StringComparison.Ordinal));
        Assert.Null(run.Results.Single().Exception);
        _ = output;
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_the_undecodable_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes("package a:b;\ninterface i {\n    f: func(); // caf").Concat(new byte[] { 0xE9, 0x0A, 0x7D, 0x0A }).ToArray();
        var text = SourceText.From(new MemoryStream(bytes), Encoding.UTF8);
        var (_, diagnostics, _) = GeneratorHarness.Run(GeneratorHarness.WorldClass("w"), new WitAdditionalText("/p/bad.wit", text));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("bad.wit(3,22): WIT0001", Render(diagnostic));
    }

    [Fact]
    public void Empty_file_is_reported()
    {
        var (_, diagnostics, _) = GeneratorHarness.Run(GeneratorHarness.WorldClass("w"), new WitAdditionalText("/p/empty.wit", ""));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("WIT0005", diagnostic.Id);
        Assert.Equal("/p/empty.wit", diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void Unknown_use_target_is_located_in_the_wit_file()
    {
        const string wit = "package a:b;\n\ninterface i {\n    use missing.{thing};\n}\n\nworld w {\n    import i;\n}\n";
        var (_, diagnostics, _) = GeneratorHarness.Run(GeneratorHarness.WorldClass("w"), new WitAdditionalText("/p/a.wit", wit));
        var diagnostic = Assert.Single(diagnostics);
        Assert.StartsWith("a.wit(4,9): WIT02", Render(diagnostic));
    }

    [Fact]
    public void Unknown_world_is_reported_on_the_attribute_with_the_known_worlds()
    {
        var wit = WitAdditionalText.FromFile(Path.Combine(GeneratorHarness.RepositoryRoot, "wit", "plugins.wit"));
        var (_, diagnostics, _) = GeneratorHarness.Run(GeneratorHarness.WorldClass("novywave:plugins/plugins"), wit);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("Source0.cs(4,2): WITG001", Render(diagnostic));
        Assert.Contains("novywave:plugins/plugin@0.1.0", diagnostic.GetMessage());
    }

    [Fact]
    public void Missing_wit_files_are_reported_on_the_attribute()
    {
        var (_, diagnostics, _) = GeneratorHarness.Run(GeneratorHarness.WorldClass("plugin"));
        Assert.Equal("Source0.cs(4,2): WITG002", Render(Assert.Single(diagnostics)));
    }

    [Fact]
    public void Class_that_is_not_partial_is_reported_on_its_name()
    {
        const string source = "[WitSharp.WitWorld(\"plugin\")]\npublic static class Plain\n{\n}\n";
        var wit = WitAdditionalText.FromFile(Path.Combine(GeneratorHarness.RepositoryRoot, "wit", "plugins.wit"));
        var (_, diagnostics, _) = GeneratorHarness.Run(source, wit);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("Source0.cs(2,21): WITG003", Render(diagnostic));
    }

    [Fact]
    public void Generic_class_is_reported_on_its_name()
    {
        const string source = "public partial class Outer<T>\n{\n    [WitSharp.WitWorld(\"plugin\")]\n    public partial class Plugin\n    {\n    }\n}\n";
        var wit = WitAdditionalText.FromFile(Path.Combine(GeneratorHarness.RepositoryRoot, "wit", "plugins.wit"));
        var (_, diagnostics, run) = GeneratorHarness.Run(source, wit);
        Assert.Equal("Source0.cs(4,26): WITG005", Render(Assert.Single(diagnostics)));
        Assert.DoesNotContain(run.Results.Single().GeneratedSources, s => s.HintName.EndsWith(".WitWorld.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Lending_host_resources_inside_a_list_and_an_option_to_an_exported_interface_compiles()
    {
        const string wit = "package a:b;\n\ninterface blobs {\n    resource blob;\n}\n\ninterface api {\n    use blobs.{blob};\n    size: func(b: list<borrow<blob>>, c: option<borrow<blob>>) -> u32;\n}\n\nworld w {\n    import blobs;\n    export api;\n}\n";
        var (output, diagnostics, run) = GeneratorHarness.Run(GeneratorHarness.WorldClass("w"), new WitAdditionalText("/p/a.wit", wit));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("foreach (var _representation in _lents0) _ = _resource0.Take(_representation);", GeneratorHarness.WorldSource(run));
    }
}
