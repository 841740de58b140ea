using System.Diagnostics;
using Xunit;

namespace WitSharp.Tests;

/// <summary>
/// The Node scripts the differential tests compare with (jco's wasm-tools and transpiled components; linked into each test
/// project that uses them). CI installs node and jco; locally scripts/install-toolchains.sh does.
/// </summary>
internal static class NodeScript
{
    /// <summary>Where scripts/install-toolchains.sh puts jco-transpile, the package the scripts load.</summary>
    public static string JcoTranspileDirectory(string repositoryRoot) =>
        Path.Combine(repositoryRoot, ".tools", "node_modules", "@bytecodealliance", "jco-transpile");

    /// <summary>Whether jco is installed under the repository's .tools/.</summary>
    public static bool JcoInstalled(string repositoryRoot) => Directory.Exists(JcoTranspileDirectory(repositoryRoot));

    /// <summary>Runs <c>node</c> with <paramref name="arguments"/> (the script first) and returns its standard output; the
    /// test fails when it exits with an error or runs longer than two minutes.</summary>
    public static string Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), $"node {string.Join(' ', start.ArgumentList)} did not finish within two minutes");
        Assert.True(process.ExitCode == 0, $"node {string.Join(' ', start.ArgumentList)} failed (exit {process.ExitCode}):\n{stderr.Result}");
        return stdout;
    }
}
