using Microsoft.CodeAnalysis;

namespace WitSharp.WitGenerator.Tests;

/// <summary>kebab-case to C# names, keyword escaping and the collision rules, checked on the compiled names corpus.</summary>
public sealed class NamingTests
{
    private static readonly Lazy<Compilation> Names = new(() =>
    {
        var wit = WitAdditionalText.FromFile(Path.Combine(GeneratorHarness.TestsDirectory, "Corpus", "names", "names.wit"));
        var (output, diagnostics, _) = GeneratorHarness.Run(GeneratorHarness.WorldClass("witsharp:names/names"), wit);
        Assert.Empty(diagnostics);
        return output;
    });

    private static INamedTypeSymbol Type(string nested) =>
        Names.Value.GetTypeByMetadataName("Test.Bindings.World+" + nested) ?? throw new Xunit.Sdk.XunitException("no type World+" + nested);

    [Theory]
    [InlineData("FirstResult", "a record named like the generated Result takes its interface's name as prefix")]
    [InlineData("Thing", "the first 'thing' keeps its name")]
    [InlineData("SecondThing", "the second 'thing' takes its interface's name as prefix")]
    [InlineData("HttpStatus", "an all-uppercase word becomes Pascal case")]
    [InlineData("ValueHolder+ValueCase", "a case named like the payload property gets the Case suffix")]
    [InlineData("ValueHolder+ValueHolderCase", "a case named like its variant gets the Case suffix")]
    [InlineData("ValueHolder+GetHashCodeCase", "a case named like an object member gets the Case suffix")]
    [InlineData("IInlineApi", "an inline interface is named after its import name")]
    public void Colliding_or_unusual_names_resolve_predictably(string nested, string because)
    {
        Assert.True(Type(nested) is not null, because);
    }

    [Fact]
    public void Record_fields_named_like_object_members_get_the_Value_suffix()
    {
        var properties = Type("FirstResult").GetMembers().OfType<IPropertySymbol>().Select(p => p.Name).ToList();
        Assert.Contains("EqualsValue", properties);
        Assert.Contains("ToStringValue", properties);
        Assert.Contains("Result", properties);
    }

    [Fact]
    public void Keyword_parameters_are_escaped_and_functions_named_like_object_members_are_numbered()
    {
        var method = Type("IFirst").GetMembers("Class").OfType<IMethodSymbol>().Single();
        Assert.Equal(["event", "interface", "default"], method.Parameters.Select(p => p.Name));
        Assert.Single(Type("IFirst").GetMembers("ToString2"));
        Assert.Single(Type("Exports").GetMembers("Exports2"));
        Assert.Single(Type("Exports").GetMembers("ToString2"));
    }
}
