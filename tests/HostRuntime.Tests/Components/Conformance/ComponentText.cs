using System.Text.Json;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Tests.Components.Conformance;

/// <summary>Component text (WAT) to binary through plugins/tools/cm-wast2json.mjs, for tests that state their input
/// as readable text. Needs node and jco under .tools/ (scripts/install-toolchains.sh; CI always has both).</summary>
internal static class ComponentText
{
    public static bool Available =>
        Directory.Exists(Path.Combine(TestFiles.RepositoryRoot, ".tools", "node_modules", "@bytecodealliance", "jco-transpile"));

    /// <summary>The binary of one <c>(component ...)</c> text.</summary>
    public static byte[] ToBinary(string componentText)
    {
        var directory = Directory.CreateTempSubdirectory("witsharp-wat");
        try
        {
            var script = Path.Combine(directory.FullName, "input.wast");
            File.WriteAllText(script, componentText);
            ComponentWastRunner.Convert(script, directory.FullName);
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory.FullName, "input.json")));
            var command = Assert.Single(document.RootElement.GetProperty("commands").EnumerateArray());
            if (command.TryGetProperty("skipped", out var skipped))
            {
                throw new InvalidOperationException($"the test's component text does not convert: {skipped.GetString()}");
            }

            return File.ReadAllBytes(Path.Combine(directory.FullName, command.GetProperty("filename").GetString()!));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Asserts that <paramref name="componentText"/> is refused at load as invalid (not as unsupported), with a
    /// message naming <paramref name="problem"/>.</summary>
    public static void AssertInvalidAtLoad(string componentText, string problem)
    {
        var binary = ToBinary(componentText);
        var error = Assert.Throws<ComponentFormatException>(() => Component.FromBytes(new Engine(), binary));

        Assert.IsNotType<UnsupportedComponentFeatureException>(error);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }
}
