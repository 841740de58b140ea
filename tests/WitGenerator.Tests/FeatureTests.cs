using Microsoft.CodeAnalysis;

namespace WitSharp.WitGenerator.Tests;

/// <summary>The WitSharpWitFeatures MSBuild property enables @unstable WIT features, as wit-bindgen's features do.</summary>
public sealed class FeatureTests
{
    private const string Wit = """
        package witsharp:gated@1.0.0;

        world gated {
            export stable-answer: func() -> u32;
            @unstable(feature = shiny)
            export shiny-answer: func() -> u32;
            @unstable(feature = other)
            export other-answer: func() -> u32;
        }
        """;

    private static readonly WitAdditionalText Gated = new("gated.wit", Wit);

    private static GeneratorDriver Run(string? features) =>
        GeneratorHarness.CreateDriver(
                [Gated],
                features is null ? null : new BuildProperties(new Dictionary<string, string> { ["WitSharpWitFeatures"] = features }))
            .RunGenerators(GeneratorHarness.CreateCompilation(GeneratorHarness.WorldClass("witsharp:gated/gated")));

    [Fact]
    public void Without_the_property_gated_exports_are_left_out()
    {
        var source = GeneratorHarness.WorldSource(Run(null).GetRunResult());

        Assert.Contains("public uint StableAnswer()", source);
        Assert.DoesNotContain("ShinyAnswer", source);
        Assert.DoesNotContain("OtherAnswer", source);
    }

    [Fact]
    public void An_enabled_feature_adds_what_it_gates_and_nothing_else()
    {
        var run = Run(" shiny;unknown , shiny").GetRunResult();
        var source = GeneratorHarness.WorldSource(run);

        Assert.Empty(run.Diagnostics);
        Assert.Contains("public uint StableAnswer()", source);
        Assert.Contains("public uint ShinyAnswer()", source);
        Assert.DoesNotContain("OtherAnswer", source);
    }

    [Fact]
    public void Changing_the_features_regenerates_the_bindings()
    {
        var driver = Run("shiny");
        var compilation = GeneratorHarness.CreateCompilation(GeneratorHarness.WorldClass("witsharp:gated/gated"));

        driver = driver.WithUpdatedAnalyzerConfigOptions(new BuildProperties(new Dictionary<string, string> { ["WitSharpWitFeatures"] = "other" }))
            .RunGenerators(compilation);

        var result = driver.GetRunResult().Results.Single();
        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.WitFeatures].Single().Outputs.Single().Reason);
        var source = GeneratorHarness.WorldSource(driver.GetRunResult());
        Assert.Contains("public uint OtherAnswer()", source);
        Assert.DoesNotContain("ShinyAnswer", source);
    }

    [Fact]
    public void Feature_lists_are_split_deduplicated_and_sorted()
    {
        Assert.Equal(["a", "b", "c"], WitWorldGenerator.ParseFeatures("c; a,b  a\tc"));
        Assert.Empty(WitWorldGenerator.ParseFeatures(null));
        Assert.Equal(WitWorldGenerator.ParseFeatures("b,a"), WitWorldGenerator.ParseFeatures("a;b"));
    }
}
