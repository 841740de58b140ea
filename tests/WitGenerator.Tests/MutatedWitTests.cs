using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace WitSharp.WitGenerator.Tests;

/// <summary>
/// Hostile WIT through the whole generator: seeded token-level mutations of every single-file world in the repository
/// (deleted, repeated and swapped tokens, tokens of one file moved into another place, WIT keywords dropped in, one
/// type put in the place of another, which mostly keeps the file valid and gives the emitter new shapes). Each
/// mutant must end in one of two ways: WIT errors reported as diagnostics located in the .wit file, or bindings that
/// compile without errors. A generator exception (thrown, or caught and reported as WITG999), an error without a
/// location in the .wit file, or generated code that does not compile fails.
/// </summary>
public sealed partial class MutatedWitTests(ITestOutputHelper output)
{
    /// <summary>20 per world in CI; WIT_MUTANTS_PER_WORLD asks for more in a local run.</summary>
    private static readonly int MutantsPerWorld = int.TryParse(Environment.GetEnvironmentVariable("WIT_MUTANTS_PER_WORLD"), out var count) ? count : 20;

    /// <summary>Tokens worth dropping into a file: they change the structure rather than just a name.</summary>
    private static readonly string[] Insertions =
    [
        "resource", "own<", "borrow<", "option<", "list<", "tuple<", "result<", "constructor(", "static", "use", "include",
        "export", "import", "func(", "->", "_", "%", "flags", "variant", "enum", "record", "type", "interface", "world",
        "@since(version = 1.0.0)", "@unstable(feature = x)", "@deprecated(version = 1.0.0)", "{", "}", "<", ">", ",", ";",
        "string", "char", "u64", "f32", "bool",
    ];

    /// <summary>Types one may stand for another: the mutant usually stays valid WIT with a new shape to bind.</summary>
    private static readonly string[] Types =
    [
        "bool", "u8", "s8", "u16", "s16", "u32", "s32", "u64", "s64", "f32", "f64", "char", "string", "list<u8>", "list<string>",
        "option<u32>", "option<option<string>>", "result", "result<string>", "result<_, u8>", "tuple<u8, string, f64>",
        "list<tuple<char, list<s64>>>",
    ];

    public static TheoryData<string> Worlds() => new(SingleFileWorlds());

    /// <summary>The repository's single-file worlds, relative to its root, in ordinal order.</summary>
    internal static IEnumerable<string> SingleFileWorlds()
    {
        var files = Directory.EnumerateFiles(Path.Combine(GeneratorHarness.RepositoryRoot, "tests", "HostRuntime.Tests", "Components", "Corpus"), "*.wit")
            .Append(Path.Combine(GeneratorHarness.RepositoryRoot, "wit", "plugins.wit"))
            .Concat(Directory.EnumerateDirectories(Path.Combine(GeneratorHarness.TestsDirectory, "Corpus"))
                .Where(directory => !Directory.Exists(Path.Combine(directory, "deps")))
                .SelectMany(directory => Directory.EnumerateFiles(directory, "*.wit")));
        return files.Select(path => Path.GetRelativePath(GeneratorHarness.RepositoryRoot, path)).Order(StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Worlds))]
    public void Every_mutant_is_reported_in_the_wit_file_or_compiles(string relativePath)
    {
        var original = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, relativePath));
        var world = WorldName(original);
        var tokens = Token().Matches(original).ToArray();
        Assert.True(tokens.Length > 10, "the world has too few tokens to mutate");
        var random = SeededBy(relativePath);
        var (reported, compiled) = (0, 0);
        for (var i = 0; i < MutantsPerWorld; i++)
        {
            var (mutant, description) = Mutate(original, tokens, random);
            var witPath = $"/mutants/{Path.GetFileNameWithoutExtension(relativePath)}-{i}.wit";
            var (compilation, diagnostics, run) = GeneratorHarness.Run(GeneratorHarness.WorldClass(world), new WitAdditionalText(witPath, mutant));
            var context = $"mutant {i} of {relativePath} ({description})";
            Assert.True(run.Results.Single().Exception is null, $"{context}: the generator threw {run.Results.Single().Exception}");
            var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.DoesNotContain(errors, error => error.Id == "WITG999");
            if (errors.Length > 0)
            {
                // An unknown world (WITG001) is reported on the [WitWorld] attribute; every other error is in the .wit file.
                Assert.All(errors.Where(e => e.Id != "WITG001"), error =>
                    Assert.True(error.Location.GetLineSpan().Path == witPath, $"{context}: {error} is not located in the .wit file"));
                reported++;
                continue;
            }

            var compileErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(3).ToArray();
            Assert.True(compileErrors.Length == 0, $"{context}: the generated bindings do not compile: {string.Join("; ", compileErrors.Select(e => e.ToString()))}\n{mutant}");
            compiled++;
        }

        output.WriteLine($"{relativePath}: {reported} reported, {compiled} compiled");
        Assert.True(reported > 0, "no mutant was invalid: the mutations are too weak to test error reporting");
        Assert.True(compiled > 0, "no mutant was valid: the mutations are too strong to test the emitter");
    }

    /// <summary>A generator seeded by the path as Linux writes it, so every platform runs the same mutants.</summary>
    internal static Random SeededBy(string relativePath) => new(relativePath.Replace('\\', '/').Aggregate(17, (hash, c) => (hash * 31) + c));

    private static string WorldName(string wit)
    {
        var match = Regex.Match(wit, @"^\s*world\s+(%?[a-z0-9-]+)", RegexOptions.Multiline);
        Assert.True(match.Success, "the file declares no world");
        return match.Groups[1].Value.TrimStart('%');
    }

    internal static (string Text, string Description) Mutate(string text, Match[] tokens, Random random)
    {
        var target = tokens[random.Next(tokens.Length)];
        var other = tokens[random.Next(tokens.Length)];
        var types = tokens.Where(token => Types.Contains(token.Value, StringComparer.Ordinal)).ToArray();
        if (types.Length > 0 && random.Next(3) == 0)
        {
            var type = types[random.Next(types.Length)];
            var replacement = Types[random.Next(Types.Length)];
            return (Replace(text, type, replacement), $"type '{type.Value}' at {type.Index} replaced by '{replacement}'");
        }

        return random.Next(5) switch
        {
            0 => (Replace(text, target, ""), $"deleted '{target.Value}' at {target.Index}"),
            1 => (Replace(text, target, $"{target.Value} {target.Value}"), $"repeated '{target.Value}' at {target.Index}"),
            2 => (Replace(text, target, other.Value), $"'{target.Value}' at {target.Index} replaced by '{other.Value}'"),
            3 => Insert(text, target, Insertions[random.Next(Insertions.Length)]),
            _ => (Swap(text, target, other), $"swapped '{target.Value}' at {target.Index} and '{other.Value}' at {other.Index}"),
        };
    }

    private static string Replace(string text, Match token, string replacement) =>
        string.Concat(text.AsSpan(0, token.Index), replacement, text.AsSpan(token.Index + token.Length));

    private static (string, string) Insert(string text, Match before, string insertion) =>
        (string.Concat(text.AsSpan(0, before.Index), insertion, " ", text.AsSpan(before.Index)), $"inserted '{insertion}' before {before.Index}");

    private static string Swap(string text, Match first, Match second)
    {
        if (first.Index == second.Index)
        {
            return text;
        }

        var (a, b) = first.Index < second.Index ? (first, second) : (second, first);
        return new StringBuilder()
            .Append(text, 0, a.Index).Append(b.Value)
            .Append(text, a.Index + a.Length, b.Index - a.Index - a.Length).Append(a.Value)
            .Append(text, b.Index + b.Length, text.Length - b.Index - b.Length).ToString();
    }

    /// <summary>WIT tokens, roughly: identifiers (with % and versions), arrows and single punctuation; comments excluded.</summary>
    [GeneratedRegex(@"//[^\n]*|%?[a-z0-9][a-z0-9.+-]*|->|[{}<>(),:;=.*/@_]")]
    internal static partial Regex Token();
}

/// <summary>Shapes the mutation test found broken, kept as small regression tests of their own.</summary>
public sealed class MutantRegressionTests
{
    [Fact]
    public void Static_function_of_an_exported_resource_whose_result_holds_a_tuple_takes_the_exports_first()
    {
        // The exports parameter was spliced in after the first '(' of the declaration, which was the tuple's.
        const string Wit = """
            package a:b;
            interface i {
                resource r {
                    pairs: static func(n: u32) -> result<r, list<tuple<char, s64>>>;
                }
            }
            world w { export i; }
            """;
        var (output, diagnostics, _) = GeneratorHarness.Run(GeneratorHarness.WorldClass("a:b/w"), new WitAdditionalText("/p/a.wit", Wit));
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var pairs = output.GetTypeByMetadataName("Test.Bindings.World+R")!.GetMembers("Pairs").OfType<IMethodSymbol>().Single();
        Assert.True(pairs.IsStatic);
        Assert.Equal(["exports", "n"], pairs.Parameters.Select(p => p.Name));
    }
}
