using Microsoft.CodeAnalysis;
using WitSharp.Wit;
using Xunit.Abstractions;

namespace WitSharp.WitGenerator.Tests;

/// <summary>
/// Runs the generator on WIT we did not write (a local, uncommitted folder named by <c>OUTSIDE_WIT_DIR</c>, e.g. WASI's
/// worlds, wit-parser's UI suite, wit-bindgen's codegen tests; nothing happens when it is unset). For every package and
/// every world in it or its deps/, the bindings must generate without errors and compile without errors or warnings, or the world must
/// be refused for a construct WitSharp deliberately does not support (<see cref="DeliberateRefusals"/>). Anything else
/// (an internal error, a compile error, another diagnostic) fails, listing the package, the world and the first errors;
/// <c>OUTSIDE_WIT_DUMP</c> names a folder to write the generated source of worlds that do not compile to.
/// </summary>
public sealed class OutsideWitTests(ITestOutputHelper output)
{
    /// <summary>The diagnostics that refuse a world on purpose, with why.</summary>
    private static readonly Dictionary<string, string> DeliberateRefusals = new(StringComparer.Ordinal)
    {
        ["WIT0105"] = "async, stream, future, error-context, map or fixed-length list",
        ["WIT0214"] = "an empty record, flags, variant or tuple, which WIT.md's grammar forbids",
    };

    /// <summary>
    /// The <c>@unstable</c> features the outside WIT is built with: wit-parser runs its UI suite with <c>active</c>, wasmtime
    /// builds wasi:tls with <c>tls</c>; other WIT does not name them.
    /// </summary>
    private static readonly Dictionary<string, string> Features = new() { ["WitSharpWitFeatures"] = "active, tls" };

    private const int ErrorsShown = 3;

    private static bool HasBinaryDependencies(string package) =>
        Directory.Exists(Path.Combine(package, "deps"))
        && Directory.EnumerateFiles(Path.Combine(package, "deps"), "*", SearchOption.AllDirectories)
            .Any(file => file.EndsWith(".wasm", StringComparison.Ordinal) || file.EndsWith(".wat", StringComparison.Ordinal));

    [Fact]
    public void Every_outside_world_compiles_or_is_refused_for_a_listed_reason()
    {
        var root = Environment.GetEnvironmentVariable("OUTSIDE_WIT_DIR");
        if (string.IsNullOrEmpty(root))
        {
            output.WriteLine("OUTSIDE_WIT_DIR is not set; no outside WIT was run");
            return;
        }

        var failures = new List<string>();
        var (compiled, refused) = (0, 0);
        foreach (var package in Packages(Path.GetFullPath(root)))
        {
            var name = Path.GetRelativePath(root, package);
            var resolution = WitResolver.ResolvePath(package, WitResolver.ParseFeatureList(Features["WitSharpWitFeatures"]));
            if (resolution.HasErrors)
            {
                var errors = resolution.Diagnostics.Where(d => d.Severity == WitDiagnosticSeverity.Error).ToList();
                if (errors.All(e => DeliberateRefusals.ContainsKey(e.Id)))
                {
                    refused++;
                    output.WriteLine($"refused {name}: {Describe(errors.Select(e => e.Id))}");
                }
                else if (HasBinaryDependencies(package) && errors.All(e => e.Id == "WIT0203"))
                {
                    // wit-parser also reads dependency packages in binary form (.wasm, .wat); WitSharp reads WIT text only.
                    refused++;
                    output.WriteLine($"refused {name}: WIT0203 (a deps/ package in binary form, which WitSharp does not read)");
                }
                else
                {
                    failures.Add($"{name}: does not resolve: {string.Join(" | ", errors.Take(ErrorsShown))}");
                }

                continue;
            }

            var witFiles = Directory.Exists(package)
                ? Directory.GetFiles(package, "*.wit", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(WitAdditionalText.FromFile).ToArray<AdditionalText>()
                : [WitAdditionalText.FromFile(package)];
            foreach (var world in resolution.Packages.SelectMany(p => p.Worlds).Select(w => w.QualifiedName))
            {
                switch (Check(world, witFiles, out var problems))
                {
                    case Outcome.Compiled:
                        compiled++;
                        break;
                    case Outcome.Refused:
                        refused++;
                        output.WriteLine($"refused {name} {world}: {Describe(problems)}");
                        break;
                    default:
                        failures.Add($"{name} {world}: {string.Join(" | ", problems)}");
                        break;
                }
            }
        }

        output.WriteLine($"worlds generated and compiled: {compiled}, refused for a listed reason: {refused}, failed: {failures.Count}");
        foreach (var failure in failures)
        {
            output.WriteLine("FAILED " + failure);
        }

        Assert.True(compiled > 0, $"no world under {root} compiled");
        Assert.Empty(failures);
    }

    private enum Outcome
    {
        Compiled,
        Refused,
        Failed,
    }

    private static Outcome Check(string world, AdditionalText[] witFiles, out List<string> problems)
    {
        GeneratorHarness.CreateDriver(witFiles, new BuildProperties(Features))
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.CreateCompilation(GeneratorHarness.WorldClass(world)), out var compilation, out var diagnostics);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var deliberate = errors.All(e => DeliberateRefusals.ContainsKey(e.Id));
            problems = deliberate ? [.. errors.Select(e => e.Id)] : [.. errors.Take(ErrorsShown).Select(e => e.ToString())];
            return deliberate ? Outcome.Refused : Outcome.Failed;
        }

        problems = [.. diagnostics.Concat(compilation.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning).Take(ErrorsShown).Select(d => d.ToString())];
        var dump = Environment.GetEnvironmentVariable("OUTSIDE_WIT_DUMP");
        if (problems.Count > 0 && !string.IsNullOrEmpty(dump))
        {
            Directory.CreateDirectory(dump);
            var generated = compilation.SyntaxTrees.Last(t => t.FilePath.EndsWith(".WitWorld.g.cs", StringComparison.Ordinal));
            File.WriteAllText(Path.Combine(dump, world.Replace(':', '_').Replace('/', '_') + ".g.cs"), generated.ToString());
        }

        return problems.Count == 0 ? Outcome.Compiled : Outcome.Failed;
    }

    private static string Describe(IEnumerable<string> ids) =>
        string.Join(", ", ids.Distinct().Select(id => $"{id} ({DeliberateRefusals[id]})"));

    /// <summary>
    /// The packages under <paramref name="path"/>: a .wit file is one; a directory with a deps/ folder, or with .wit files
    /// and no sub-directories, is one; any other directory holds packages (its .wit files and sub-directories, except
    /// wit-parser's parse-fail cases, which are invalid on purpose).
    /// </summary>
    private static IEnumerable<string> Packages(string path)
    {
        if (!Directory.Exists(path))
        {
            yield return path;
            yield break;
        }

        var subdirectories = Directory.GetDirectories(path);
        if (subdirectories.Any(d => Path.GetFileName(d) == "deps") || (subdirectories.Length == 0 && Directory.GetFiles(path, "*.wit").Length > 0))
        {
            yield return path;
            yield break;
        }

        foreach (var entry in Directory.GetFiles(path, "*.wit").Concat(subdirectories.Where(d => Path.GetFileName(d) != "parse-fail")).Order(StringComparer.Ordinal))
        {
            foreach (var package in Packages(entry))
            {
                yield return package;
            }
        }
    }
}
