using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;
using WitSharp.Tests;

namespace WitSharp.Wit.Tests;

/// <summary>
/// The corpus under Corpus/{valid,invalid,unsupported}: each case is a .wit file or a folder (a package with deps/).
/// valid: we and wasm-tools accept. invalid: we and wasm-tools reject; the first line says which diagnostic we give
/// (<c>// expect: WIT0205 4:17</c>). unsupported: valid WIT that WitSharp deliberately rejects with WIT0105 (wasm-tools accepts).
/// A case whose root package has several worlds names the one to check with <c>// world: name</c>.
/// </summary>
public partial class CorpusTests
{
    private static readonly string CorpusRoot = Path.Combine(TestWit.RepositoryRoot(), "tests", "Wit.Tests", "Corpus");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var category in new[] { "valid", "invalid", "unsupported" })
        {
            var directory = Path.Combine(CorpusRoot, category);
            foreach (var entry in Directory.GetFileSystemEntries(directory).Where(e => Directory.Exists(e) || e.EndsWith(".wit", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                data.Add(category, Path.GetFileName(entry));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_GetsTheRecordedDecision(string category, string name)
    {
        var path = Path.Combine(CorpusRoot, category, name);
        var resolution = WitResolver.ResolvePath(path);
        var errors = resolution.Diagnostics.Where(d => d.Severity == WitDiagnosticSeverity.Error).ToList();
        switch (category)
        {
            case "valid":
                Assert.True(errors.Count == 0, string.Join("\n", errors));
                Assert.NotEmpty(resolution.RootPackages);
                break;
            case "unsupported":
                Assert.Contains(errors, e => e.Id == "WIT0105");
                break;
            default:
                var text = ReadCaseText(path);
                if (text.Length == 0)
                {
                    // An empty file cannot carry an expectation comment.
                    Assert.Contains(errors, e => e.Id == "WIT0005" && e.Location?.Line == 1 && e.Location.Column == 1);
                    break;
                }

                var expectation = ExpectRegex().Match(text);
                Assert.True(expectation.Success, $"{name} lacks a '// expect: WITxxxx line:column' first line");
                var (id, line, column) = (expectation.Groups[1].Value, int.Parse(expectation.Groups[2].Value), int.Parse(expectation.Groups[3].Value));
                Assert.True(
                    errors.Any(e => e.Id == id && e.Location?.Line == line && e.Location.Column == column),
                    $"expected {id} at {line}:{column}, got:\n" + string.Join("\n", resolution.Diagnostics));
                break;
        }
    }

    /// <summary>Runs jco's wasm-tools over the whole corpus and checks it decides like the layout says (CI installs jco; locally run scripts/install-toolchains.sh).</summary>
    [Fact]
    public void WasmTools_AgreesWithCorpusLayout()
    {
        var transpile = NodeScript.JcoTranspileDirectory(TestWit.RepositoryRoot());
        var cases = Cases().Select(row => ((string)row[0], (string)row[1])).ToList();
        if (!Directory.Exists(transpile) || !NodeIsAvailable())
        {
            // Without the reference tool, at least every case must have a decision recorded by its folder.
            Assert.All(cases, c => Assert.Contains(c.Item1, new[] { "valid", "invalid", "unsupported" }));
            return;
        }

        var arguments = new List<string> { Path.Combine(CorpusRoot, "wasm-tools-check.mjs"), transpile };
        foreach (var (category, name) in cases)
        {
            var path = Path.Combine(CorpusRoot, category, name);
            var world = WorldRegex().Match(ReadCaseText(path));
            arguments.Add(world.Success ? path + "::" + world.Groups[1].Value : path);
        }

        var output = NodeScript.Run(arguments);
        var verdicts = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .Where(p => p.Length >= 2 && (p[0] == "ACCEPT" || p[0] == "REJECT"))
            .ToDictionary(p => p[1].Split("::")[0], p => (Accepted: p[0] == "ACCEPT", Message: p.Length > 2 ? p[2] : ""));
        var mismatches = new List<string>();
        foreach (var (category, name) in cases)
        {
            var path = Path.Combine(CorpusRoot, category, name);
            Assert.True(verdicts.TryGetValue(path, out var verdict), $"wasm-tools gave no verdict for {path}:\n{output}");
            var expectAccepted = category != "invalid";
            if (verdict.Accepted != expectAccepted)
            {
                mismatches.Add($"{category}/{name}: wasm-tools {(verdict.Accepted ? "accepts" : "rejects: " + verdict.Message)}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>
    /// For every valid case, wasm-tools' dummy core module for the world has one core function per imported and exported WIT
    /// function; their core signatures must equal <see cref="CanonicalAbi.FlattenFunction"/> (imports lowered, exports lifted).
    /// </summary>
    [Fact]
    public void WasmTools_DummyModuleSignatures_MatchCanonicalAbiFlattening()
    {
        var transpile = NodeScript.JcoTranspileDirectory(TestWit.RepositoryRoot());
        if (!Directory.Exists(transpile) || !NodeIsAvailable())
        {
            // Without the reference tool the layout is covered by CanonicalAbiTests' hand-computed values.
            return;
        }

        var cases = new List<(string Path, string? World)>();
        foreach (var entry in Directory.GetFileSystemEntries(Path.Combine(CorpusRoot, "valid")).Order(StringComparer.Ordinal))
        {
            var world = WorldRegex().Match(ReadCaseText(entry));
            cases.Add((entry, world.Success ? world.Groups[1].Value : null));
        }

        cases.Add((Path.Combine(TestWit.RepositoryRoot(), "wit", "plugins.wit"), "plugin"));
        var arguments = new List<string> { Path.Combine(CorpusRoot, "wasm-tools-signatures.mjs"), transpile };
        arguments.AddRange(cases.Select(c => c.World == null ? c.Path : c.Path + "::" + c.World));
        var lines = NodeScript.Run(arguments).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).Where(p => p[0] == "SIG").ToList();

        var compared = 0;
        var mismatches = new List<string>();
        foreach (var (path, worldName) in cases)
        {
            var resolution = WitResolver.ResolvePath(path);
            var world = worldName == null ? resolution.RootPackages.SelectMany(p => p.Worlds).Single() : resolution.FindWorld(worldName, out _)!;
            foreach (var line in lines.Where(l => l[1] == path))
            {
                var isImport = line[2] == "import";
                var function = isImport ? FindImported(world, line[3], line[4]) : FindExported(world, line[3]);
                if (function == null)
                {
                    var helper = line[3].StartsWith("cm32p2_", StringComparison.Ordinal) || new[] { "_post", "_drop", "_dtor", "_new", "_rep" }.Any(suffix => (isImport ? line[4] : line[3]).EndsWith(suffix, StringComparison.Ordinal));
                    Assert.True(helper, $"{path}: no WIT function for {line[2]} {line[3]} {line[4]}");
                    continue;
                }

                var signature = CanonicalAbi.FlattenFunction(function, isImport ? WitAbiDirection.Lower : WitAbiDirection.Lift);
                var ours = (string.Join(",", signature.Parameters.Select(t => t.ToString().ToLowerInvariant())), string.Join(",", signature.Results.Select(t => t.ToString().ToLowerInvariant())));
                compared++;
                if (ours != (line[5], line[6]))
                {
                    mismatches.Add($"{Path.GetFileName(path)} {function.CanonicalName}: wasm-tools ({line[5]}) -> ({line[6]}), ours ({ours.Item1}) -> ({ours.Item2})");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(compared > 50, $"only {compared} signatures compared");
    }

    /// <summary>Interface keys in the dummy module carry a shortened version (<c>@0.2</c>), so keys are compared without versions.</summary>
    private static string Unversioned(string key) => key.Split('@')[0];

    private static WitFunction? FindImported(WitWorld world, string module, string name)
    {
        if (module == "cm32p2")
        {
            return world.Imports.OfType<WitWorldFunctionItem>().FirstOrDefault(i => i.Key == name)?.Function;
        }

        var key = Unversioned(module.Substring("cm32p2|".Length));
        var item = world.Imports.OfType<WitWorldInterfaceItem>().FirstOrDefault(i => Unversioned(i.Key) == key);
        return item == null ? null : FunctionsOf(item.Interface).FirstOrDefault(f => f.CanonicalName == name);
    }

    private static WitFunction? FindExported(WitWorld world, string exportName)
    {
        var parts = exportName.Split('|');
        if (parts.Length != 3)
        {
            return null;
        }

        if (parts[1].Length == 0)
        {
            return world.Exports.OfType<WitWorldFunctionItem>().FirstOrDefault(i => i.Key == parts[2])?.Function;
        }

        var item = world.Exports.OfType<WitWorldInterfaceItem>().FirstOrDefault(i => Unversioned(i.Key) == Unversioned(parts[1]));
        return item == null ? null : FunctionsOf(item.Interface).FirstOrDefault(f => f.CanonicalName == parts[2]);
    }

    private static IEnumerable<WitFunction> FunctionsOf(WitInterface @interface) =>
        @interface.Functions.Concat(@interface.Types.OfType<WitResourceType>().SelectMany(r => (r.Constructor == null ? [] : new[] { r.Constructor }).Concat(r.Functions)));

    private static string ReadCaseText(string path) =>
        Directory.Exists(path)
            ? string.Concat(Directory.GetFiles(path, "*.wit").Order(StringComparer.Ordinal).Select(File.ReadAllText))
            : File.ReadAllText(path);

    private static bool NodeIsAvailable()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            process.WaitForExit(10_000);
            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^// expect: (WIT\d{4}) (\d+):(\d+)", RegexOptions.Multiline)]
    private static partial Regex ExpectRegex();

    [GeneratedRegex(@"^// world: ([a-z0-9%-]+)", RegexOptions.Multiline)]
    private static partial Regex WorldRegex();
}
