using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace WitSharp.WitGenerator.Tests;

/// <summary>The pipeline caches by value: nothing is regenerated unless the .wit text or the [WitWorld] target changes.</summary>
public sealed class IncrementalTests
{
    private static readonly string[] WitSteps = [TrackingNames.WitFiles, TrackingNames.WitFeatures, TrackingNames.WorldBindings];

    private static WitAdditionalText Corpus(string name) =>
        WitAdditionalText.FromFile(Path.Combine(GeneratorHarness.TestsDirectory, "Corpus", name, name + ".wit"));

    private static CSharpCompilation TwoWorlds() => GeneratorHarness.CreateCompilation(
        GeneratorHarness.WorldClass("witsharp:loopback/loopback", "Loopback"),
        GeneratorHarness.WorldClass("witsharp:names/names", "Names"),
        "namespace Test.Bindings; internal static class Unrelated { }");

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    [Fact]
    public void Second_run_with_unchanged_inputs_is_all_cached()
    {
        var compilation = TwoWorlds();
        var driver = GeneratorHarness.CreateDriver([Corpus("loopback"), Corpus("names")]).RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.Clone());
        foreach (var step in WitSteps)
        {
            Assert.All(Reasons(driver, step), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        }

        // The attribute step re-checks its targets against the new compilation and finds them equal.
        Assert.All(Reasons(driver, TrackingNames.WorldRequests), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void Editing_an_unrelated_cs_file_leaves_the_wit_steps_cached()
    {
        var compilation = TwoWorlds();
        var driver = GeneratorHarness.CreateDriver([Corpus("loopback"), Corpus("names")]).RunGenerators(compilation);
        var unrelated = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(unrelated, CSharpSyntaxTree.ParseText(
            "namespace Test.Bindings; internal static class Unrelated { internal static int Answer => 42; }", GeneratorHarness.ParseOptions, unrelated.FilePath));
        driver = driver.RunGenerators(edited);
        foreach (var step in WitSteps)
        {
            Assert.All(Reasons(driver, step), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        }

        Assert.All(Reasons(driver, TrackingNames.WorldRequests), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void Editing_a_wit_file_regenerates_only_the_world_whose_output_changed()
    {
        var compilation = TwoWorlds();
        var loopback = Corpus("loopback");
        var driver = GeneratorHarness.CreateDriver([loopback, Corpus("names")]).RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName.Contains("Loopback")).SourceText.ToString();

        var editedText = loopback.GetText()!.ToString().Replace("/// No parameters, no result.", "/// Does nothing, returns nothing.");
        driver = driver.ReplaceAdditionalText(loopback, new WitAdditionalText(loopback.Path, editedText)).RunGenerators(compilation);

        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(driver, TrackingNames.WitFiles));
        var bindings = driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.WorldBindings]
            .Select(s => (World: ((WorldBindings)s.Outputs[0].Value).HintName, s.Outputs[0].Reason)).OrderBy(s => s.World).ToList();
        Assert.Equal([("Test.Bindings.Loopback.WitWorld.g.cs", IncrementalStepRunReason.Modified), ("Test.Bindings.Names.WitWorld.g.cs", IncrementalStepRunReason.Unchanged)], bindings);
        var after = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName.Contains("Loopback")).SourceText.ToString();
        Assert.NotEqual(before, after);
        Assert.Contains("Does nothing, returns nothing.", after);
    }
}
