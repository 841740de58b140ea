using Xunit.Abstractions;

namespace WitSharp.Wit.Tests;

/// <summary>
/// Runs wit-parser's own UI tests (crates/wit-parser/tests/ui of bytecodealliance/wasm-tools, a local uncommitted copy named
/// by <c>WIT_PARSER_UI</c>; nothing happens when it is unset): every case at the top level is valid WIT and must resolve
/// without errors, or be refused with WIT0105 when it uses a construct WitSharp deliberately does not support (async,
/// streams, futures, error-context, maps, fixed-length lists); every case under parse-fail must be rejected with at least
/// one error diagnostic. No case may throw. A case is a .wit file or a directory (a package with deps/). The deliberate
/// differences are listed below; any other difference fails.
/// </summary>
public sealed class WitParserSuiteTests(ITestOutputHelper output)
{
    /// <summary>WIT.md's grammar requires at least one record field, flag, case and tuple element; wit-parser also accepts
    /// empty ones (the component binary format then refuses them).</summary>
    private const string EmptyType = "WIT0214";

    /// <summary>wit-parser runs its suite with the feature <c>active</c> enabled, and so does this test.</summary>
    private static readonly string[] SuiteFeatures = ["active"];

    /// <summary>Valid cases WitSharp rejects, with the diagnostic it gives and why.</summary>
    private static readonly Dictionary<string, (string Id, string Reason)> KnownDifferences = new(StringComparer.Ordinal)
    {
        ["kinds-of-deps"] = ("WIT0203", "deps/ holds WIT packages in binary form (.wasm, .wat), which WitSharp does not read"),
    };

    [Fact]
    public void ExternalSuiteDecidesLikeWitParser()
    {
        var root = Environment.GetEnvironmentVariable("WIT_PARSER_UI");
        if (string.IsNullOrEmpty(root))
        {
            output.WriteLine("WIT_PARSER_UI is not set; wit-parser's UI suite was not run");
            return;
        }

        var failures = new List<string>();
        var (valid, unsupported, rejected) = (0, 0, 0);
        foreach (var (path, shouldFail) in Cases(root))
        {
            var name = Path.GetRelativePath(root, path);
            WitResolution resolution;
            try
            {
                resolution = WitResolver.ResolvePath(path, SuiteFeatures);
            }
            catch (Exception e)
            {
                failures.Add($"{name}: threw {e.GetType().Name}: {e.Message}");
                continue;
            }

            var errors = resolution.Diagnostics.Where(d => d.Severity == WitDiagnosticSeverity.Error).ToList();
            if (shouldFail)
            {
                if (errors.Count == 0)
                {
                    failures.Add($"{name}: accepted, but wit-parser rejects it");
                }
                else
                {
                    rejected++;
                    output.WriteLine($"{name}: {errors[0]}");
                }
            }
            else if (errors.Count == 0)
            {
                valid++;
            }
            else if (errors.All(e => e.Id is "WIT0105" or EmptyType))
            {
                unsupported++;
                output.WriteLine($"{name}: unsupported or stricter: {string.Join(" | ", errors.Select(e => e.Id).Distinct())}");
            }
            else if (KnownDifferences.TryGetValue(name, out var known) && errors.All(e => e.Id == known.Id))
            {
                unsupported++;
                output.WriteLine($"{name}: known difference ({known.Id}): {known.Reason}");
            }
            else
            {
                failures.Add($"{name}: rejected, but wit-parser accepts it: {string.Join(" | ", errors)}");
            }
        }

        output.WriteLine($"valid and accepted: {valid}, valid but unsupported or a known difference: {unsupported}, invalid and rejected: {rejected}, wrong: {failures.Count}");
        foreach (var failure in failures)
        {
            output.WriteLine("WRONG " + failure);
        }

        Assert.True(valid + rejected > 0, $"no cases under {root}");
        Assert.Empty(failures);
    }

    private static IEnumerable<(string Path, bool ShouldFail)> Cases(string root)
    {
        static IEnumerable<string> Entries(string directory) => Directory.GetFileSystemEntries(directory)
            .Where(e => Directory.Exists(e) ? Path.GetFileName(e) != "parse-fail" : e.EndsWith(".wit", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        foreach (var entry in Entries(root))
        {
            yield return (entry, false);
        }

        var parseFail = Path.Combine(root, "parse-fail");
        if (Directory.Exists(parseFail))
        {
            foreach (var entry in Entries(parseFail))
            {
                yield return (entry, true);
            }
        }
    }
}
