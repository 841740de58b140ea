using WitSharp.Tests;
using WitSharp.Wit;
using Xunit.Abstractions;

namespace WitSharp.WitGenerator.Tests;

/// <summary>
/// Our WIT front end against wit-parser, the reference implementation (inside jco's wasm-tools, run by
/// plugins/tools/wit-verdicts.mjs): seeded mutants of every single-file world in the repository (the mutations of
/// <see cref="MutatedWitTests"/>) must be accepted or rejected by both alike. Needs node and jco under .tools/ (CI
/// installs both); without them there is nothing to compare with and the test passes.
/// </summary>
public sealed class WitParserDifferentialTests(ITestOutputHelper output)
{
    private const int MutantsPerWorld = 150;

    /// <summary>
    /// Where we deliberately reject what wit-parser accepts: names defined twice in one record, flags, variant or enum
    /// (the component binary format refuses them, so wit-parser's acceptance only defers the error to encoding), and empty
    /// records, flags, variants and tuples, which WIT.md's grammar forbids.
    /// </summary>
    private static readonly HashSet<string> StricterThanWitParser = new(StringComparer.Ordinal) { "WIT0206", "WIT0214" };

    [Fact]
    public void Mutated_worlds_are_accepted_or_rejected_like_wit_parser_does()
    {
        if (!NodeScript.JcoInstalled(GeneratorHarness.RepositoryRoot))
        {
            output.WriteLine("jco is not installed under .tools/ (scripts/install-toolchains.sh); nothing to compare with");
            return;
        }

        var directory = Directory.CreateTempSubdirectory("witsharp-wit-differential").FullName;
        try
        {
            var ours = new Dictionary<string, WitDiagnostic?>(StringComparer.Ordinal);
            foreach (var (world, index) in MutatedWitTests.SingleFileWorlds().Select((world, index) => (world, index)))
            {
                var original = File.ReadAllText(Path.Combine(GeneratorHarness.RepositoryRoot, world));
                var tokens = MutatedWitTests.Token().Matches(original).ToArray();
                var random = MutatedWitTests.SeededBy(world + "#wit-parser");
                for (var i = 0; i < MutantsPerWorld; i++)
                {
                    var name = $"{index:D2}-{Path.GetFileNameWithoutExtension(world)}-{i:D3}.wit";
                    var (mutant, _) = MutatedWitTests.Mutate(original, tokens, random);
                    File.WriteAllText(Path.Combine(directory, name), mutant);
                    ours[name] = WitResolver.Resolve([new WitSource(name, mutant)]).Diagnostics.FirstOrDefault(d => d.Severity == WitDiagnosticSeverity.Error);
                }
            }

            var differences = new List<string>();
            var (bothAccept, bothReject, stricter) = (0, 0, 0);
            foreach (var line in NodeScript.Run([Path.Combine(GeneratorHarness.RepositoryRoot, "plugins", "tools", "wit-verdicts.mjs"), directory]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var fields = line.Split('\t');
                var theirsAccept = fields[1] == "ok";
                var our = ours[fields[0]];
                if (theirsAccept == (our == null))
                {
                    _ = theirsAccept ? bothAccept++ : bothReject++;
                }
                else if (theirsAccept && StricterThanWitParser.Contains(our!.Id))
                {
                    stricter++;
                }
                else
                {
                    differences.Add($"{fields[0]}: ours {(our == null ? "accepts" : "rejects: " + our)}; wit-parser {(theirsAccept ? "accepts" : "rejects: " + fields[2])}\n{File.ReadAllText(Path.Combine(directory, fields[0]))}");
                }
            }

            output.WriteLine($"{ours.Count} mutants: both accept {bothAccept}, both reject {bothReject}, ours stricter on purpose {stricter}, differ {differences.Count}");
            Assert.Equal(ours.Count, bothAccept + bothReject + stricter + differences.Count);
            Assert.True(bothAccept > 0 && bothReject > 0, "the mutants did not exercise both verdicts");
            Assert.True(differences.Count == 0, string.Join("\n\n", differences.Take(3)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
